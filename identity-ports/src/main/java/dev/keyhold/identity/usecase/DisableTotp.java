package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import java.util.Objects;

/**
 * Turns two-factor sign-in off: needs the current password and a code (a TOTP code or a recovery code); deletes the
 * authenticator and the recovery codes and mails a notice.
 */
public interface DisableTotp {

  record Command(Actor actor, String currentPassword, String code) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", currentPassword=***, code=***]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException {@code invalid_credentials} for a wrong password,
   *     {@code invalid_mfa_code} for a wrong code (both counted toward lockout)
   * @throws dev.keyhold.identity.error.ConflictException {@code mfa_not_enabled}
   */
  void disableTotp(Command command);
}
