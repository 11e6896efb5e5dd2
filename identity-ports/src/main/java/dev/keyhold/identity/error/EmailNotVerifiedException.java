package dev.keyhold.identity.error;

/**
 * The password was right but the account's email is not verified yet and the deployment requires verification.
 * Raised only after a correct password, so it reveals nothing to someone who does not know the password.
 */
public final class EmailNotVerifiedException extends IdentityException {
  public EmailNotVerifiedException() {
    super(ErrorCode.EMAIL_NOT_VERIFIED, "Verify your email address before signing in.");
  }
}
