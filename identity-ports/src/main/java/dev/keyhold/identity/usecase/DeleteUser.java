package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/**
 * An administrator deletes a user's account, as {@link DeleteAccount} does for one's own: personal data, sessions,
 * memberships, second factors, provider links and the invitations addressed to them go in one store transaction;
 * audit events keep the id; a notice is mailed to the address. Their access tokens stop working at once.
 */
public interface DeleteUser {

  record Command(Actor actor, UserId userId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code users:write} and every global scope the user holds (as disabling does); never oneself (the caller
   * has {@link DeleteAccount} for that). Audited as {@code user.deleted} with the administrator as actor.
   *
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user
   * @throws dev.keyhold.identity.error.ForbiddenException for oneself, or a user with a scope the caller lacks
   * @throws dev.keyhold.identity.error.ConflictException {@code last_owner} while the user is the only owner of an
   *     organization; nothing is deleted
   */
  void deleteUser(Command command);
}
