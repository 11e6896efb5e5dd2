package dev.keyhold.identity.core.internal.protection;

import dev.keyhold.identity.core.crypto.BoundedPasswordHasher;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.User;
import java.util.Map;

/**
 * A signed-in user proving their current password before a sensitive change (a password change, turning two-factor
 * on or off, deleting the account), checked exactly like a login: behind the login rate limits and lockout, in the
 * same time whether or not the user has a password, and a wrong one counted toward the lockout.
 */
public final class CurrentPassword {

  /** The request field the password comes in. */
  public static final String FIELD = "current_password";

  private final BoundedPasswordHasher hasher;
  private final PasswordHash dummyHash;
  private final Protection protection;
  private final Auditor audit;

  public CurrentPassword(BoundedPasswordHasher hasher, PasswordHash dummyHash, Protection protection, Auditor audit) {
    this.hasher = hasher;
    this.dummyHash = dummyHash;
    this.protection = protection;
    this.audit = audit;
  }

  /**
   * Passes when {@code given} is the user's password. Otherwise audits {@code failureAction} as a failure with the
   * reason ({@code bad_password}, {@code no_password}), counts a failed login and throws.
   *
   * @param resetsLockout whether a right password forgets earlier failures, as a login does; not for an account with
   *     two-factor sign-in, whose lockout only a whole login resets
   * @throws ValidationException when the password is longer than any valid one
   * @throws InvalidCredentialsException when it is wrong or the user has none
   */
  public void check(User user, String given, ClientInfo client, String failureAction, boolean resetsLockout) {
    String password = given == null ? "" : given;
    if (Passwords.length(password) > Passwords.MAX_LENGTH) {
      throw ValidationException.of(FIELD, "password_too_long",
          "Passwords are at most " + Passwords.MAX_LENGTH + " characters.");
    }
    protection.checkLogin(user.email(), client);
    boolean matches = hasher.verify(user.password().orElse(dummyHash), password);
    if (user.password().isEmpty() || !matches) {
      audit.failure(failureAction, user.id(), user.id(), client,
          Map.of("reason", user.password().isEmpty() ? "no_password" : "bad_password"));
      protection.loginFailed(user.email(), user.id(), client);
      throw new InvalidCredentialsException();
    }
    if (resetsLockout) {
      protection.loginSucceeded(user.email());
    }
  }
}
