package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import java.util.Objects;

/**
 * A signed-in user asks to change their email address. Nothing changes yet: a confirmation link goes to the new
 * address ({@link ConfirmEmailChange} applies it) and a notice without a link to the current one. The answer is the
 * same whether or not the new address belongs to someone else, so the request reveals nothing; when it does, the new
 * address is mailed a notice without a link instead.
 */
public interface ChangeEmail {

  /**
   * @param currentPassword the password now; for a user without one (signed up through a provider) it must be
   *     absent, and the caller's session must have started within {@link DeleteAccount#RECENT_SIGN_IN} instead
   */
  record Command(Actor actor, String newEmail, String currentPassword) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", newEmail=***, currentPassword=***]";
    }
  }

  /**
   * Replaces any earlier request of the user (its link stops working).
   *
   * @throws dev.keyhold.identity.error.ValidationException {@code invalid_email} for a malformed address,
   *     {@code same_email} for the current one
   * @throws dev.keyhold.identity.error.InvalidCredentialsException when the current password is wrong or missing
   *     (checked like a login: rate-limited and counted toward lockout)
   * @throws dev.keyhold.identity.error.ForbiddenException for a user without a password whose session is older
   *     than {@link DeleteAccount#RECENT_SIGN_IN}
   */
  void changeEmail(Command command);
}
