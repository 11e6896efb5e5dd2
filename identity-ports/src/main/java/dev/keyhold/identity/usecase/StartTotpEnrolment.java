package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import java.util.Objects;

/**
 * A signed-in user starts adding an authenticator app: a new shared secret, shown once as text, as an
 * {@code otpauth://} URI and as a QR code of it. Nothing changes at login until {@link ConfirmTotpEnrolment} confirms
 * it with a first code; starting again replaces a pending enrolment.
 */
public interface StartTotpEnrolment {

  record Command(Actor actor, String currentPassword) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", currentPassword=***]";
    }
  }

  /**
   * @param secret the shared secret in base32 (RFC 4648, no padding), for typing into an app
   * @param otpauthUri {@code otpauth://totp/<product>:<email>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30}
   * @param qrSvg an SVG image of a QR code of {@code otpauthUri}
   */
  record Enrolment(String secret, String otpauthUri, String qrSvg) {
    public Enrolment {
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(otpauthUri, "otpauthUri");
      Objects.requireNonNull(qrSvg, "qrSvg");
    }

    @Override
    public String toString() {
      return "Enrolment[secret=***, otpauthUri=***, qrSvg=***]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException when the current password is wrong (counted
   *     toward lockout like a failed login)
   * @throws dev.keyhold.identity.error.ConflictException {@code mfa_already_enabled}
   */
  Enrolment startTotpEnrolment(Command command);
}
