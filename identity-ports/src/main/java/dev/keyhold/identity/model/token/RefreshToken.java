package dev.keyhold.identity.model.token;

import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One refresh token of a session, as stored: only its hash. Valid while unused and while its session is active.
 *
 * @param id the token's own id
 * @param sessionId the family it belongs to
 * @param userId whose token (denormalized from the session for revocation by user)
 * @param hash SHA-256 of the opaque token
 * @param issuedAt when it was issued
 * @param usedAt when it was rotated, or {@code null} while unused
 * @param superseded whether it was used up without being presented: replaced by a retry of the rotation that issued
 *     it, whose answer was lost ({@link dev.keyhold.identity.spi.RefreshTokenRepository#replaceSuccessor}).
 *     Presenting a superseded token is always a reuse.
 */
public record RefreshToken(
    UUID id, SessionId sessionId, UserId userId, TokenHash hash, Instant issuedAt, Instant usedAt,
    boolean superseded) {

  public RefreshToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (superseded && usedAt == null) {
      throw new IllegalArgumentException("a superseded token is used");
    }
  }

  /** A token that was not superseded: unused, or used by a rotation. */
  public RefreshToken(UUID id, SessionId sessionId, UserId userId, TokenHash hash, Instant issuedAt, Instant usedAt) {
    this(id, sessionId, userId, hash, issuedAt, usedAt, false);
  }

  public boolean used() {
    return usedAt != null;
  }
}
