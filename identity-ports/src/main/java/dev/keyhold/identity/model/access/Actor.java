package dev.keyhold.identity.model.access;

import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;
import java.util.UUID;

/**
 * An authenticated caller, as established from a verified access token whose session is active. Authorization never
 * trusts scopes carried by the token: use cases read the caller's current roles and memberships from the stores.
 *
 * @param userId who
 * @param sessionId the session the token belongs to
 * @param client address, user agent and request id, for audit
 */
public record Actor(UserId userId, SessionId sessionId, ClientInfo client) {
  public Actor {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(client, "client");
  }

  /**
   * The caller of an access token whose claims {@code Sessions.authenticate} has just returned: its {@code sub} as
   * the user and its {@code sid} as the session. Do not build an actor from claims that were not verified.
   *
   * @throws InvalidTokenException ({@code invalid_token}) when {@code sub} or {@code sid} is missing or not a UUID in
   *     canonical form, which no token Keyhold issued has
   */
  public static Actor from(AccessTokenClaims claims, ClientInfo client) {
    Objects.requireNonNull(claims, "claims");
    UUID user = canonicalUuid(claims.subject());
    if (user == null) {
      throw new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "malformed_sub");
    }
    UUID session = canonicalUuid(claims.sessionId());
    if (session == null) {
      throw new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "malformed_sid");
    }
    return new Actor(new UserId(user), new SessionId(session), client);
  }

  private static UUID canonicalUuid(String text) {
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
