package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import java.util.Objects;

/**
 * Password reset by email: a request mails a single-use link (30 minutes; a newer request invalidates older links);
 * confirming it sets a new password, ends every session of the user, does not sign them in, and mails a
 * "your password was changed" notice.
 */
public interface ResetPassword {

  record Request(String email, ClientInfo client) {
    public Request {
      Objects.requireNonNull(client, "client");
    }
  }

  record Confirmation(String token, String newPassword, ClientInfo client) {
    public Confirmation {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Confirmation[token=***, newPassword=***]";
    }
  }

  /**
   * Mails a reset link when the address has an active account with a password; does the same work and says nothing
   * otherwise, so the answer never reveals whether the address is registered.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a malformed email only
   * @throws dev.keyhold.identity.error.TooManyRequestsException when the per-address or per-account limit is hit
   */
  void requestPasswordReset(Request request);

  /**
   * Sets the new password.
   *
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code LINK_TOKEN} for an unknown, used,
   *     superseded or expired token
   * @throws dev.keyhold.identity.error.ValidationException when the password policy refuses the new password (the
   *     token stays usable)
   */
  void confirmPasswordReset(Confirmation confirmation);
}
