package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Sessions;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * Who is calling: the user and session of the request's verified bearer access token, and ids read from paths. Once a
 * token is verified, its user is the request's {@code user_id} in the log ({@link RequestScope#identify}).
 */
final class Callers {

  private final Sessions sessions;

  Callers(Sessions sessions) {
    this.sessions = sessions;
  }

  /**
   * The caller, for use cases that authorize against the stores.
   *
   * @throws HttpProblem {@code missing_token} or {@code malformed_authorization}
   * @throws InvalidTokenException when the token does not verify, or its {@code sub} or {@code sid} is not an id
   */
  Actor actor(Context ctx) {
    Actor actor = Actor.from(sessions.authenticate(BearerToken.from(ctx)), RequestScope.client(ctx));
    RequestScope.identify(actor.userId());
    return actor;
  }

  /** The caller's user id alone, for endpoints about the caller's own account. */
  UserId user(Context ctx) {
    UserId user = subject(sessions.authenticate(BearerToken.from(ctx)));
    RequestScope.identify(user);
    return user;
  }

  /** A user id from a path segment: anything but a canonical UUID names a user that does not exist. */
  static UserId userInPath(Context ctx, String param) {
    UUID id = canonicalUuid(ctx.pathParam(param));
    if (id == null) {
      throw new NotFoundException("No such user.");
    }
    return new UserId(id);
  }

  private static UserId subject(AccessTokenClaims claims) {
    UUID subject = canonicalUuid(claims.subject());
    if (subject == null) {
      throw new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "malformed_sub");
    }
    return new UserId(subject);
  }

  /** The UUID in its canonical text form (as {@code OrgId.parse} accepts it), else {@code null}. */
  static UUID canonicalUuid(String text) {
    if (text == null) {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(text);
      return uuid.toString().equalsIgnoreCase(text) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
