package dev.keyhold.identity.error;

/**
 * The caller's session was started without a second factor, and this action needs one: an organization that
 * requires two-factor sign-in, or an owner turning that requirement on. Signing in again with a code fixes it.
 */
public final class MfaRequiredException extends IdentityException {
  public MfaRequiredException(String message) {
    super(ErrorCode.MFA_REQUIRED, message);
  }
}
