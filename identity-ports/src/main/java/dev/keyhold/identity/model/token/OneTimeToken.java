package dev.keyhold.identity.model.token;

import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A single-use token sent in a link, as stored: only its hash.
 *
 * @param hash SHA-256 of the token
 * @param purpose what it proves; a token of one purpose never works for another
 * @param userId whom it is for
 * @param createdAt when it was issued
 * @param expiresAt after this it is refused
 * @param usedAt when it was consumed, or {@code null}
 */
public record OneTimeToken(
    TokenHash hash, OneTimeTokenPurpose purpose, UserId userId, Instant createdAt, Instant expiresAt, Instant usedAt) {

  public OneTimeToken {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("a one-time token must expire after it is created");
    }
  }

  /** Consumable at {@code now}: unused and not expired. */
  public boolean usableAt(Instant now) {
    return usedAt == null && now.isBefore(expiresAt);
  }
}
