package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/**
 * An administrator ends all of a user's sessions at once (a stolen laptop, a departing employee): their refresh
 * tokens are refused and their access tokens stop working, as after a logout everywhere. The account stays usable:
 * the user may sign in again.
 */
public interface LogoutUser {

  record Command(Actor actor, UserId userId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code users:write} and every global scope the user holds (as disabling does); never oneself (the caller
   * has {@link LogoutEverywhere} for that). Idempotent; audited as {@code user.logged_out} with the number of
   * sessions it ended.
   *
   * @return how many sessions this call ended
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user
   * @throws dev.keyhold.identity.error.ForbiddenException for oneself, or a user with a scope the caller lacks
   */
  int logoutUser(Command command);
}
