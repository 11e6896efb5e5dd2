package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import java.util.Objects;

/**
 * An administrator creates an account for someone: active, the address verified (the administrator vouches for it),
 * no password. The user is mailed a link to choose one: a password-reset link, with its lifetime, which a later reset
 * request replaces.
 */
public interface CreateUser {

  /**
   * @param email the new user's address, parsed as at registration
   * @param displayName an optional name, or {@code null}
   */
  record Command(Actor actor, String email, String displayName) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }
  }

  /**
   * Needs {@code users:write}. Grants no global role. Audited as {@code user.created}.
   *
   * @return the new user
   * @throws dev.keyhold.identity.error.EmailTakenException when a user with this address exists (administrators may
   *     know who has an account, unlike the public registration); nothing is created or mailed then
   * @throws dev.keyhold.identity.error.ValidationException for a malformed address or display name
   */
  UserSummary createUser(Command command);
}
