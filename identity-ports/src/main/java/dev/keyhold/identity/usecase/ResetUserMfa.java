package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** An administrator removes a user's authenticator and recovery codes (a lost phone); audited, and the user is mailed. */
public interface ResetUserMfa {

  record Command(Actor actor, UserId userId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code users:write}.
   *
   * @return whether the user had two-factor sign-in (or a pending enrolment) to remove
   * @throws dev.keyhold.identity.error.NotFoundException when there is no such user
   */
  boolean resetMfa(Command command);
}
