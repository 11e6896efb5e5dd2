package dev.keyhold.identity.model.token;

import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A refresh-token family. Revoking it invalidates every refresh token in it, including any issued concurrently with
 * the revocation, because a token is valid only while its session is.
 *
 * @param id the session id ({@code sid})
 * @param userId whose session
 * @param createdAt when the user signed in
 * @param expiresAt the absolute end; rotation never extends it
 * @param revokedAt when it was revoked, or {@code null}
 * @param authMethods how the user authenticated ({@code amr} values such as {@code pwd})
 * @param ipAddress the client address at sign-in, or {@code null}
 * @param userAgent the client user agent at sign-in, or {@code null}
 */
public record RefreshSession(
    SessionId id,
    UserId userId,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    List<String> authMethods,
    String ipAddress,
    String userAgent) {

  public RefreshSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    authMethods = List.copyOf(authMethods);
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException("a session must end after it starts");
    }
  }

  /** Usable at {@code now}: not revoked and not past its absolute lifetime. */
  public boolean activeAt(Instant now) {
    return revokedAt == null && now.isBefore(expiresAt);
  }
}
