package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import java.util.Objects;

/** Disables a user: login fails with the usual generic error and every session ends at once. */
public interface DisableUser {

  record Command(Actor actor, UserId userId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code users:write} and every global scope the user holds; never oneself. Idempotent.
   *
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user
   */
  UserSummary disableUser(Command command);
}
