package dev.keyhold.identity.model.access;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

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
}
