package dev.keyhold.identity.error;

/**
 * Login failed. Unknown email, wrong password, disabled account and an account without a password all raise this
 * one exception with this one message, so a caller cannot tell them apart. {@link #mfaCode()} is its second-factor
 * twin: a wrong, used or malformed TOTP or recovery code.
 */
public final class InvalidCredentialsException extends IdentityException {
  public InvalidCredentialsException() {
    super(ErrorCode.INVALID_CREDENTIALS, "The email or password is incorrect.");
  }

  private InvalidCredentialsException(ErrorCode code, String message) {
    super(code, message);
  }

  /** A two-factor or recovery code was wrong, already used, or not a code at all (code {@code invalid_mfa_code}). */
  public static InvalidCredentialsException mfaCode() {
    return new InvalidCredentialsException(ErrorCode.INVALID_MFA_CODE, "The code is incorrect or was already used.");
  }
}
