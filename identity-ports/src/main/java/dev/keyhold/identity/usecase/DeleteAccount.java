package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import java.util.Objects;

/**
 * A signed-in user deletes their own account. Their personal data, sessions, memberships, second factors, provider
 * links and the invitations addressed to them are removed in one store transaction; audit events keep the user's id
 * (they never held the address); a goodbye notice is mailed to the address. Their access tokens stop working at
 * once and their refresh tokens are refused.
 */
public interface DeleteAccount {

  /**
   * @param currentPassword the password now; for a user without one (signed up through a provider) it must be
   *     absent, and the caller's session must have started within {@link #RECENT_SIGN_IN} instead
   */
  record Command(Actor actor, String currentPassword) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", currentPassword=***]";
    }
  }

  /** How recent the sign-in of a user without a password must be for them to delete their account. */
  java.time.Duration RECENT_SIGN_IN = java.time.Duration.ofMinutes(10);

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException when the current password is wrong or missing
   *     (checked like a login: rate-limited and counted toward lockout)
   * @throws dev.keyhold.identity.error.ForbiddenException for a user without a password whose session is older
   *     than {@link #RECENT_SIGN_IN}: sign in again through the provider first
   * @throws dev.keyhold.identity.error.ConflictException {@code last_owner} while the user is the only owner of an
   *     organization (transfer the ownership or delete the organization first); nothing is deleted
   */
  void deleteAccount(Command command);
}
