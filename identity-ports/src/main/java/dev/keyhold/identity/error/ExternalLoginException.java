package dev.keyhold.identity.error;

/**
 * A sign-in through an external provider failed: its {@code state} is unknown, used, expired or for another provider
 * (code {@code invalid_oauth_state}), or the provider refused the code or its ID token failed validation (code
 * {@code oauth_login_failed}). The reason is for logs and audit only, never for the caller.
 */
public final class ExternalLoginException extends IdentityException {

  private final String reason;

  private ExternalLoginException(ErrorCode code, String message, String reason) {
    super(code, message);
    this.reason = reason;
  }

  /** The {@code state} does not name a sign-in this server started for this provider. */
  public static ExternalLoginException invalidState(String reason) {
    return new ExternalLoginException(ErrorCode.INVALID_OAUTH_STATE,
        "The sign-in attempt is unknown, expired or already finished. Start again.", reason);
  }

  /** The provider's answer was refused. */
  public static ExternalLoginException failed(String reason) {
    return new ExternalLoginException(ErrorCode.OAUTH_LOGIN_FAILED,
        "Signing in with the provider failed. Start again.", reason);
  }

  /** Why, as a fixed word such as {@code bad_nonce} or {@code email_unverified}; never a token or a claim value. */
  public String reason() {
    return reason;
  }
}
