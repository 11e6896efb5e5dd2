package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import java.util.Objects;

/**
 * A signed-in user changes their password: the current one is required; every other session ends; a notice is
 * mailed.
 */
public interface ChangePassword {

  record Command(Actor actor, String currentPassword, String newPassword) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", currentPassword=***, newPassword=***]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException when the current password is wrong (counted
   *     toward lockout like a failed login)
   * @throws dev.keyhold.identity.error.ValidationException when the policy refuses the new password
   * @return how many other sessions were ended
   */
  int changePassword(Command command);
}
