package dev.keyhold.identity.error;

/**
 * Login failed. Unknown email, wrong password, disabled account and an account without a password all raise this
 * one exception with this one message, so a caller cannot tell them apart.
 */
public final class InvalidCredentialsException extends IdentityException {
  public InvalidCredentialsException() {
    super(ErrorCode.INVALID_CREDENTIALS, "The email or password is incorrect.");
  }
}
