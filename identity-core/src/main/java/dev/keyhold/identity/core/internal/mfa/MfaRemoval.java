package dev.keyhold.identity.core.internal.mfa;

import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import java.time.Clock;

/** Removes a user's two-factor sign-in on an administrator's word (a lost phone), and mails the user about it. */
public final class MfaRemoval {

  private final TotpCredentialRepository credentials;
  private final RecoveryCodeRepository recoveryCodes;
  private final MailOutbox outbox;
  private final SecretGenerator secrets;
  private final Clock clock;
  private final String productName;

  public MfaRemoval(TotpCredentialRepository credentials, RecoveryCodeRepository recoveryCodes, MailOutbox outbox,
      SecretGenerator secrets, Clock clock, String productName) {
    this.credentials = credentials;
    this.recoveryCodes = recoveryCodes;
    this.outbox = outbox;
    this.secrets = secrets;
    this.clock = clock;
    this.productName = productName;
  }

  /** @return whether the user had an authenticator (pending or confirmed) or recovery codes; only then is mail sent */
  public boolean remove(User user) {
    boolean hadAuthenticator = credentials.delete(user.id());
    boolean hadCodes = recoveryCodes.deleteAll(user.id()) > 0;
    if (!hadAuthenticator && !hadCodes) {
      return false;
    }
    outbox.enqueue(secrets.newId(),
        MfaMail.notice(user.email().display(), MfaMail.Change.RESET_BY_ADMIN, productName), clock.instant());
    return true;
  }
}
