package dev.keyhold.identity.core.internal.mfa;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.token.AuthMethods;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.SecondFactor;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The authenticator-app factor: a confirmed TOTP credential, whose secret is sealed under the key-encryption key
 * (bound to its user, so a sealed secret copied to another user's row does not open). A code is accepted once: its
 * step must be later than the last accepted one, recorded by one conditional write that only one of any number of
 * racing nodes wins.
 */
public final class TotpFactor implements SecondFactor {

  private final TotpCredentialRepository credentials;
  private final KeyEncryption encryption;
  private final Clock clock;

  public TotpFactor(TotpCredentialRepository credentials, KeyEncryption encryption, Clock clock) {
    this.credentials = credentials;
    this.encryption = encryption;
    this.clock = clock;
  }

  @Override
  public String method() {
    return MfaChallenge.TOTP;
  }

  @Override
  public String authMethod() {
    return AuthMethods.OTP;
  }

  @Override
  public boolean enabledFor(UserId userId) {
    return credentials.find(userId).filter(TotpCredential::confirmed).isPresent();
  }

  @Override
  public boolean verify(UserId userId, String code) {
    Optional<TotpCredential> credential = credentials.find(userId).filter(TotpCredential::confirmed);
    if (credential.isEmpty()) {
      return false;
    }
    OptionalLong step = matchingStep(credential.get(), code);
    return step.isPresent() && credentials.useStep(userId, step.getAsLong());
  }

  /** The step of {@code code} for this credential now, if it is one of the window's codes. */
  OptionalLong matchingStep(TotpCredential credential, String code) {
    return Totp.matchingStep(open(credential), code, clock.instant());
  }

  String seal(UserId userId, String secret) {
    return encryption.seal(secret, associatedData(userId));
  }

  private String open(TotpCredential credential) {
    return encryption.open(credential.sealedSecret(), associatedData(credential.userId()));
  }

  /** What a user's TOTP secret is sealed for, so that it opens for that user only. */
  public static String associatedData(UserId userId) {
    return "totp:" + userId;
  }
}
