package dev.keyhold.identity.core.internal.account;

import static dev.keyhold.identity.model.token.OneTimeTokenPurpose.RESET_PASSWORD;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Mails a user an administrator created a link to choose their first password. The link is a password-reset link
 * (same token purpose, lifetime and page), which works for an account without a password: confirming a reset sets
 * the hash whatever was there. Earlier reset links of the user stop working, as with every reset request.
 */
public final class PasswordSetupLinks {

  private final OneTimeTokenRepository tokens;
  private final SecretGenerator secrets;
  private final Clock clock;
  private final Duration ttl;
  private final String urlTemplate;
  private final String productName;

  public PasswordSetupLinks(OneTimeTokenRepository tokens, SecretGenerator secrets, Clock clock, Duration ttl,
      String urlTemplate, String productName) {
    this.tokens = tokens;
    this.secrets = secrets;
    this.clock = clock;
    this.ttl = ttl;
    this.urlTemplate = urlTemplate;
    this.productName = productName;
  }

  /** Stores a fresh reset token for {@code user} and queues the mail carrying it, atomically. */
  public void mail(User user) {
    Instant now = clock.instant();
    tokens.invalidateAll(user.id(), RESET_PASSWORD, now);
    String secret = secrets.newSecret();
    String link = urlTemplate.replace("{token}", secret);
    tokens.insertWithMail(
        new OneTimeToken(TokenDigests.sha256(secret), RESET_PASSWORD, user.id(), now, now.plus(ttl), null),
        secrets.newId(), AccountMail.accountCreated(user.email().display(), link, ttl, productName));
  }
}
