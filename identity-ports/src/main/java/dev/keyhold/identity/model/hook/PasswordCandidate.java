package dev.keyhold.identity.model.hook;

import java.util.Objects;

/**
 * A new password that passed the built-in policy, as an extra {@code PasswordRule} sees it.
 *
 * @param password the password itself; a rule must never log or keep it
 * @param purpose why it is being set
 * @param email the account's address, or {@code null} when not known yet (a reset link is consumed only after the
 *     password passes)
 * @param displayName the account's display name, or {@code null}
 */
public record PasswordCandidate(String password, Purpose purpose, String email, String displayName) {

  /** Why a password is being set. */
  public enum Purpose { REGISTRATION, RESET, CHANGE, ADMINISTRATOR_BOOTSTRAP }

  public PasswordCandidate {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(purpose, "purpose");
  }

  @Override
  public String toString() {
    return "PasswordCandidate[password=***, purpose=" + purpose + "]";
  }
}
