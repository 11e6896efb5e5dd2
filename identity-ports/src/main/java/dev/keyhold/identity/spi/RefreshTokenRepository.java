package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions (refresh-token families) and their refresh tokens, stored by hash only. Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}; none reports an outage as "absent". All methods are
 * safe to call from many threads and from many processes sharing one store.
 */
public interface RefreshTokenRepository {

  /**
   * Stores a new session with its first token, atomically: either both are stored or neither is.
   *
   * @throws IllegalArgumentException when the token does not belong to the session
   */
  void startSession(RefreshSession session, RefreshToken first);

  /** The token with this hash, used or not, or empty when there is none. */
  Optional<RefreshToken> findTokenByHash(TokenHash hash);

  /** The session with this id, revoked or not, or empty when there is none. */
  Optional<RefreshSession> findSession(SessionId id);

  /**
   * The token with this hash, used or not, with its session when there is one: what a refresh reads first, in one
   * read where the store can (PostgreSQL's adapter joins the two tables). The default reads {@link #findTokenByHash}
   * and then {@link #findSession}.
   */
  default Optional<Presented> findTokenWithSession(TokenHash hash) {
    return findTokenByHash(hash).map(token -> new Presented(token, findSession(token.sessionId()).orElse(null)));
  }

  /**
   * A presented refresh token and its session.
   *
   * @param session the token's session, {@code null} when there is none
   */
  record Presented(RefreshToken token, RefreshSession session) {
    public Presented {
      java.util.Objects.requireNonNull(token, "token");
    }
  }

  /**
   * Rotates a token, atomically: marks {@code usedTokenId} used at {@code now} only if it is still unused, and in
   * that case stores {@code replacement} as its successor. Of many concurrent calls for one token exactly one returns
   * true. Does not look at the session: the caller checks it before, and a session revoked meanwhile makes the
   * replacement invalid anyway.
   *
   * @return true when this call rotated the token; false when it was already used (or does not exist), in which
   *     case nothing is stored
   */
  boolean rotate(UUID usedTokenId, RefreshToken replacement, Instant now);

  /**
   * Retries a rotation whose answer was lost, atomically: when {@code retried} was used by a rotation (not
   * superseded) and its successor, the token that {@link #rotate} stored then, is still unused, marks that successor
   * used and superseded at {@code now} and stores {@code replacement}, which is nobody's successor (so a token is
   * retried once). The session then still has exactly one unused token. Of many concurrent calls for one token
   * exactly one returns true, and a call concurrent with a rotation of the successor succeeds only if it wins.
   *
   * @return true when this call replaced the successor; false when the successor was used or superseded already, or
   *     {@code retried} is not a used, unsuperseded token, in which case nothing is stored
   * @throws IllegalArgumentException when {@code replacement} does not belong to {@code retried}'s session and user
   */
  boolean replaceSuccessor(RefreshToken retried, RefreshToken replacement, Instant now);

  /**
   * Revokes a session at {@code now} unless it already is revoked. Idempotent.
   *
   * @return true when this call revoked it
   */
  boolean revokeSession(SessionId id, Instant now);

  /**
   * Revokes every active session of a user at {@code now}.
   *
   * @return how many sessions this call revoked
   */
  int revokeAllSessions(UserId userId, Instant now);

  /** The user's sessions that are active at {@code now}, newest first. */
  List<RefreshSession> findActiveSessions(UserId userId, Instant now);

  /**
   * When each of the user's sessions last had a refresh token issued: at sign-in, or at its latest rotation. A session
   * of another user, or one without tokens, is absent; revoked and expired sessions may be present. Reads what
   * {@link #startSession} and {@link #rotate} stored; nothing extra is written per request.
   */
  Map<SessionId, Instant> lastTokenIssuedAt(UserId userId);
}
