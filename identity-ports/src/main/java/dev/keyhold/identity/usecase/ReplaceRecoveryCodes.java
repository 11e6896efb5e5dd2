package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment.RecoveryCodeSet;
import java.util.Objects;

/** Replaces the recovery codes with a fresh set, given a current TOTP code; the old codes stop working at once. */
public interface ReplaceRecoveryCodes {

  record Command(Actor actor, String code) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", code=***]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException {@code invalid_mfa_code} (counted toward lockout)
   * @throws dev.keyhold.identity.error.ConflictException {@code mfa_not_enabled}
   */
  RecoveryCodeSet replaceRecoveryCodes(Command command);
}
