package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Administration.UserSummary;
import java.util.Objects;

/** Enables a disabled user. */
public interface EnableUser {

  record Command(Actor actor, UserId userId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code users:write} and every global scope the user holds. Idempotent.
   *
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user
   */
  UserSummary enableUser(Command command);
}
