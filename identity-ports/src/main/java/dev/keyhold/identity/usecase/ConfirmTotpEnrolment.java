package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import java.util.List;
import java.util.Objects;

/**
 * Turns two-factor sign-in on with a first code from the authenticator: answers the recovery codes (shown this once,
 * stored hashed), ends the user's other sessions and mails a notice.
 */
public interface ConfirmTotpEnrolment {

  record Command(Actor actor, String code) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", code=***]";
    }
  }

  /** A fresh set of single-use recovery codes, formatted for display. */
  record RecoveryCodeSet(List<String> codes) {
    public RecoveryCodeSet {
      codes = List.copyOf(codes);
    }

    @Override
    public String toString() {
      return "RecoveryCodeSet[" + codes.size() + " codes]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException {@code invalid_mfa_code} when the code is wrong
   *     (counted toward lockout)
   * @throws dev.keyhold.identity.error.ConflictException {@code mfa_not_enabled} when no enrolment was started,
   *     {@code mfa_already_enabled} when it is on already
   */
  RecoveryCodeSet confirmTotpEnrolment(Command command);
}
