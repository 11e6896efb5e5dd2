package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.SessionId;
import java.util.Objects;

/**
 * A signed-in user ends one of their own sessions, such as a lost device's: at once, its access tokens stop
 * authenticating and its refresh token is refused. Ending the caller's own session is allowed (a logout).
 */
public interface EndSession {

  record Command(Actor actor, SessionId sessionId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /**
   * Idempotent for the caller's own sessions: ending one already ended or expired succeeds and records nothing.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when no session with this id is the caller's (another
   *     user's session is answered the same as one that does not exist)
   */
  void endSession(Command command);
}
