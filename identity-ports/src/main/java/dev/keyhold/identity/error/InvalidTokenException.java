package dev.keyhold.identity.error;

/**
 * A presented token is not acceptable: unknown, malformed, expired, revoked, already used, or signed wrongly.
 * The code says which kind of token was presented; the message never says why it failed beyond that.
 */
public final class InvalidTokenException extends IdentityException {

  /** The kind of token that was rejected; each kind has its own code. */
  public enum Kind {
    /** A bearer access token (code {@code invalid_token}). */
    ACCESS_TOKEN(ErrorCode.INVALID_TOKEN, "The access token is missing, malformed, expired or not valid here."),
    /** A refresh token (code {@code invalid_refresh_token}). */
    REFRESH_TOKEN(ErrorCode.INVALID_REFRESH_TOKEN, "The refresh token is not valid."),
    /** A one-time token from a link, such as email verification (code {@code invalid_link_token}). */
    LINK_TOKEN(ErrorCode.INVALID_LINK_TOKEN, "The link is invalid, expired or already used."),
    /** The {@code mfa_token} of a login's second step (code {@code invalid_mfa_token}). */
    MFA_TOKEN(ErrorCode.INVALID_MFA_TOKEN, "The sign-in attempt is unknown, expired or already finished. Sign in again.");

    private final ErrorCode code;
    private final String message;

    Kind(ErrorCode code, String message) {
      this.code = code;
      this.message = message;
    }
  }

  private final Kind kind;
  private final String reason;

  /**
   * @param kind the kind of token
   * @param reason why it failed, for logs and audit only; never shown to the caller
   */
  public InvalidTokenException(Kind kind, String reason) {
    super(kind.code, kind.message);
    this.kind = kind;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  /** Why the token failed (for example {@code expired}, {@code bad_signature}); for logs and audit, never for clients. */
  public String reason() {
    return reason;
  }
}
