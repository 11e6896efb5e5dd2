package dev.keyhold.identity.model.mfa;

import dev.keyhold.identity.model.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's TOTP authenticator (RFC 6238): pending from the start of enrolment until a first code confirms it, then
 * active. Each user has at most one.
 *
 * @param userId whose it is
 * @param sealedSecret the shared secret, sealed by the core (AES-256-GCM under the key-encryption key); stores keep it
 *     as given and never see the secret itself
 * @param createdAt when enrolment started
 * @param confirmedAt when a code confirmed it, or {@code null} while pending
 * @param lastUsedStep the time step of the last code accepted, or {@code null} when none was; a code is accepted only
 *     for a later step, so each code works once
 */
public record TotpCredential(
    UserId userId, String sealedSecret, Instant createdAt, Instant confirmedAt, Long lastUsedStep) {

  /** Digits of a code. */
  public static final int DIGITS = 6;

  /** Length of a time step. */
  public static final Duration PERIOD = Duration.ofSeconds(30);

  /** Steps of clock drift accepted either side of the current one. */
  public static final int DRIFT_STEPS = 1;

  /** Size of a new shared secret: 160 bits, as RFC 4226 recommends for HMAC-SHA-1. */
  public static final int SECRET_BYTES = 20;

  /** The longest sealed secret a store must hold. */
  public static final int MAX_SEALED_LENGTH = 512;

  public TotpCredential {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(createdAt, "createdAt");
    if (sealedSecret.isEmpty() || sealedSecret.length() > MAX_SEALED_LENGTH) {
      throw new IllegalArgumentException("sealedSecret must have 1 to " + MAX_SEALED_LENGTH + " characters");
    }
  }

  /** A new, pending credential. */
  public static TotpCredential pending(UserId userId, String sealedSecret, Instant now) {
    return new TotpCredential(userId, sealedSecret, now, null, null);
  }

  public boolean confirmed() {
    return confirmedAt != null;
  }

  @Override
  public String toString() {
    return "TotpCredential[userId=" + userId + ", sealedSecret=***, createdAt=" + createdAt + ", confirmedAt="
        + confirmedAt + ", lastUsedStep=" + lastUsedStep + "]";
  }
}
