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
 */
public record RefreshToken(
    UUID id, SessionId sessionId, UserId userId, TokenHash hash, Instant issuedAt, Instant usedAt) {

  public RefreshToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  public boolean used() {
    return usedAt != null;
  }
}
