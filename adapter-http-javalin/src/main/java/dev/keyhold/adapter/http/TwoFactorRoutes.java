package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.error.ValidationException.Violation;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.ReplaceRecoveryCodes;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.TwoFactor;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's own two-factor sign-in under {@code /api/v1/me/mfa}: starting and confirming an authenticator app, turning
 * it off, and replacing the recovery codes. Every route needs a bearer token and acts on the caller's own account;
 * answers that carry a secret or codes are sent with {@code Cache-Control: no-store}, like token responses.
 */
final class TwoFactorRoutes {

  /** The longest code looked at, of any method: {@link MfaChallenge#MAX_CODE_LENGTH}. */
  static final int MAX_CODE_LENGTH = MfaChallenge.MAX_CODE_LENGTH;

  record StartTotpRequest(String currentPassword) {
    @Override
    public String toString() {
      return "StartTotpRequest[currentPassword=***]";
    }
  }

  /** A TOTP code (confirming an enrolment, replacing the recovery codes). */
  record CodeRequest(String code) {
    @Override
    public String toString() {
      return "CodeRequest[code=***]";
    }
  }

  /** The current password and a TOTP code or a recovery code. */
  record DisableTotpRequest(String currentPassword, String code) {
    @Override
    public String toString() {
      return "DisableTotpRequest[currentPassword=***, code=***]";
    }
  }

  /** The secret of a new enrolment, as text, as an {@code otpauth://} URI and as an SVG QR code of the URI. */
  record EnrolmentResponse(String secret, String otpauthUri, String qrSvg) {

    static EnrolmentResponse of(StartTotpEnrolment.Enrolment enrolment) {
      return new EnrolmentResponse(enrolment.secret(), enrolment.otpauthUri(), enrolment.qrSvg());
    }

    @Override
    public String toString() {
      return "EnrolmentResponse[secret=***, otpauthUri=***, qrSvg=***]";
    }
  }

  /** A fresh set of recovery codes, shown this once. */
  record RecoveryCodesResponse(List<String> recoveryCodes) {

    static RecoveryCodesResponse of(ConfirmTotpEnrolment.RecoveryCodeSet set) {
      return new RecoveryCodesResponse(set.codes());
    }

    @Override
    public String toString() {
      return "RecoveryCodesResponse[" + recoveryCodes.size() + " codes]";
    }
  }

  private final JsonBodies bodies;
  private final Callers callers;
  private final TwoFactor twoFactor;

  TwoFactorRoutes(JsonBodies bodies, Callers callers, TwoFactor twoFactor) {
    this.bodies = bodies;
    this.callers = callers;
    this.twoFactor = twoFactor;
  }

  /** 201: a pending enrolment, which changes nothing at login until confirmed. */
  void startTotp(Context ctx) {
    Actor actor = callers.actor(ctx);
    StartTotpRequest request = bodies.read(ctx, StartTotpRequest.class);
    List<Violation> violations = new ArrayList<>();
    checkPassword(violations, "current_password", request.currentPassword());
    refuse(violations);
    EnrolmentResponse enrolment =
        EnrolmentResponse.of(twoFactor.startTotpEnrolment(new StartTotpEnrolment.Command(actor,
            request.currentPassword())));
    TokenResponse.noStore(ctx);
    ctx.status(201).json(enrolment);
  }

  void confirmTotp(Context ctx) {
    Actor actor = callers.actor(ctx);
    CodeRequest request = bodies.read(ctx, CodeRequest.class);
    checkCode(request.code());
    respondWithCodes(ctx,
        twoFactor.confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(actor, request.code())));
  }

  /** 204; the code may be a TOTP code or a recovery code, passed on as given for the use case to tell. */
  void disableTotp(Context ctx) {
    Actor actor = callers.actor(ctx);
    DisableTotpRequest request = bodies.read(ctx, DisableTotpRequest.class);
    List<Violation> violations = new ArrayList<>();
    checkPassword(violations, "current_password", request.currentPassword());
    checkCode(violations, "code", request.code(), MAX_CODE_LENGTH);
    refuse(violations);
    twoFactor.disableTotp(new DisableTotp.Command(actor, request.currentPassword(), request.code()));
    ctx.status(204);
  }

  void replaceRecoveryCodes(Context ctx) {
    Actor actor = callers.actor(ctx);
    CodeRequest request = bodies.read(ctx, CodeRequest.class);
    checkCode(request.code());
    respondWithCodes(ctx,
        twoFactor.replaceRecoveryCodes(new ReplaceRecoveryCodes.Command(actor, request.code())));
  }

  private static void respondWithCodes(Context ctx, ConfirmTotpEnrolment.RecoveryCodeSet set) {
    TokenResponse.noStore(ctx);
    ctx.status(200).json(RecoveryCodesResponse.of(set));
  }

  private static void checkCode(String code) {
    List<Violation> violations = new ArrayList<>();
    checkCode(violations, "code", code, MAX_CODE_LENGTH);
    refuse(violations);
  }

  /**
   * Adds {@code invalid_code} for an empty code (as the use cases answer it, but naming the field the client sent) and
   * {@code too_long} for one over {@code max} characters.
   */
  static void checkCode(List<Violation> violations, String field, String code, int max) {
    if (code != null && code.isEmpty()) {
      violations.add(new Violation(field, "invalid_code", "Give the code."));
    }
    checkLength(violations, field, code, max);
  }

  /**
   * Adds {@code too_long} for {@code field} when {@code value} has more than {@code max} characters, counted in
   * Unicode code points as JSON Schema's {@code maxLength} counts them.
   */
  static void checkLength(List<Violation> violations, String field, String value, int max) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      violations.add(new Violation(field, "too_long", "Must be at most " + max + " characters."));
    }
  }

  /** Adds {@code password_too_long} when {@code password} is longer than any password ({@link Passwords}). */
  static void checkPassword(List<Violation> violations, String field, String password) {
    if (password != null && Passwords.length(password) > Passwords.MAX_LENGTH) {
      violations.add(new Violation(field, "password_too_long",
          "Passwords are at most " + Passwords.MAX_LENGTH + " characters."));
    }
  }

  /** @throws ValidationException with every violation, when there are any */
  static void refuse(List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }
}
