package dev.keyhold.identity.core.internal.account;

import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.protection.CurrentPassword;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.usecase.DeleteAccount;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Proof, for a grave change to an account (deleting it, changing its address), that the caller is its owner now and
 * not someone holding a forgotten session: the current password, checked like a login; or, for a user without one
 * (signed up through a provider), a session begun within {@link DeleteAccount#RECENT_SIGN_IN}.
 */
final class Reauthentication {

  private final CurrentPassword currentPassword;
  private final RefreshTokenRepository sessions;
  private final Auditor audit;
  private final Clock clock;

  Reauthentication(CurrentPassword currentPassword, RefreshTokenRepository sessions, Auditor audit, Clock clock) {
    this.currentPassword = currentPassword;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Passes when {@code given} proves the caller is {@code user}; otherwise audits {@code refusedAction} and throws.
   *
   * @param doing what the caller is about to do, for the message to a user without a password ("delete the account")
   * @throws ValidationException {@code password_too_long} on field {@code current_password}
   * @throws dev.keyhold.identity.error.InvalidCredentialsException when the password is wrong or missing
   * @throws ForbiddenException for a user without a password whose session is not recent
   */
  void require(User user, Actor actor, String given, String refusedAction, String doing) {
    String current = given == null ? "" : given;
    if (Passwords.length(current) > Passwords.MAX_LENGTH) {
      throw ValidationException.of(PasswordService.CURRENT_PASSWORD, "password_too_long",
          "Passwords are at most " + Passwords.MAX_LENGTH + " characters.");
    }
    if (user.password().isPresent() || !current.isEmpty()) {
      currentPassword.check(user, current, actor.client(), refusedAction, true);
      return;
    }
    Instant now = clock.instant();
    boolean recent = sessions.findSession(actor.sessionId())
        .filter(session -> !session.createdAt().plus(DeleteAccount.RECENT_SIGN_IN).isBefore(now))
        .isPresent();
    if (!recent) {
      audit.failure(refusedAction, user.id(), user.id(), actor.client(), Map.of("reason", "sign_in_not_recent"));
      throw new ForbiddenException("Sign in again through your provider, then " + doing + " within "
          + DeleteAccount.RECENT_SIGN_IN.toMinutes() + " minutes.");
    }
  }
}
