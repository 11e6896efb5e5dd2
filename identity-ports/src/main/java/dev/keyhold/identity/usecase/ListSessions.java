package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.SessionId;
import java.time.Instant;
import java.util.List;

/** A signed-in user lists their own active sessions (one per signed-in device or application). */
public interface ListSessions {

  /**
   * One active session.
   *
   * @param lastUsedAt when the session last got tokens: at sign-in or at its latest refresh. Using an access token
   *     does not count (that would be a store write per request); it is at most one access-token lifetime older
   *     than the last real use.
   * @param ipAddress the client address at sign-in, or {@code null}
   * @param userAgent the client user agent at sign-in, or {@code null}
   * @param current whether it is the session the caller is using now
   */
  record Session(SessionId id, Instant createdAt, Instant lastUsedAt, String ipAddress, String userAgent,
      boolean current) {}

  /** The caller's active sessions, newest first. Reading is not audited. */
  List<Session> sessions(Actor actor);
}
