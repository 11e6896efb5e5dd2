package dev.keyhold.identity.error;

import java.util.Objects;

/**
 * An operator's check refused the request: {@code registration_refused} or {@code sign_in_refused}, with the check's
 * own {@link #reason()} (a code matching {@code Verdict.REASON_PATTERN}) and message.
 */
public final class RefusedByHookException extends IdentityException {

  private final String reason;

  private RefusedByHookException(ErrorCode code, String reason, String message) {
    super(code, message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public static RefusedByHookException registration(String reason, String message) {
    return new RefusedByHookException(ErrorCode.REGISTRATION_REFUSED, reason, message);
  }

  public static RefusedByHookException signIn(String reason, String message) {
    return new RefusedByHookException(ErrorCode.SIGN_IN_REFUSED, reason, message);
  }

  /** The check's reason, for example {@code domain_not_allowed}. */
  public String reason() {
    return reason;
  }
}
