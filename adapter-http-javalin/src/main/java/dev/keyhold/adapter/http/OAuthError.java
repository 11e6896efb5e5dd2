package dev.keyhold.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.usecase.Authenticate;
import java.util.List;
import java.util.Map;

/** An RFC 6749 section 5.2 error from the token endpoint, answered as plain {@code application/json}. */
final class OAuthError extends RuntimeException {

  /**
   * The response body. {@code mfa_token}, {@code expires_in} and {@code methods} are there only with
   * {@code mfa_required} (Auth0's extension), for the client to finish at {@code POST /api/v1/login/mfa}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Body(String error, String errorDescription, String mfaToken, Long expiresIn, List<String> methods) {

    Body(String error, String errorDescription) {
      this(error, errorDescription, null, null, null);
    }

    @Override
    public String toString() {
      return "Body[error=" + error + ", mfaToken=" + (mfaToken == null ? null : "***") + "]";
    }
  }

  /** The description of {@code mfa_required}. */
  static final String MFA_REQUIRED_DESCRIPTION =
      "The password is right; finish signing in with a second factor at /api/v1/login/mfa.";

  private final int status;
  private final String error;
  private final Map<String, String> headers;
  /** The login's second step, with {@code mfa_required} only. */
  private final Authenticate.MfaRequired challenge;

  private OAuthError(int status, String error, String description) {
    this(status, error, description, Map.of());
  }

  private OAuthError(int status, String error, String description, Map<String, String> headers) {
    this(status, error, description, headers, null);
  }

  private OAuthError(int status, String error, String description, Map<String, String> headers,
      Authenticate.MfaRequired challenge) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.headers = headers;
    this.challenge = challenge;
  }

  /**
   * A password grant whose password was right, for an account with two-factor sign-in: 403 {@code mfa_required}
   * carrying the challenge's {@code mfa_token}, as Auth0 answers it.
   */
  static OAuthError mfaRequired(Authenticate.MfaRequired challenge) {
    return new OAuthError(403, "mfa_required", MFA_REQUIRED_DESCRIPTION, Map.of(), challenge);
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description);
  }

  static OAuthError unsupportedGrantType() {
    return new OAuthError(400, "unsupported_grant_type", "Supported grant types are password and refresh_token.");
  }

  /**
   * The token endpoint's reading of a use case's rejection, decided for every {@link ErrorCode} (the {@code switch}
   * has no default). RFC 6749 has no error for "too many requests", so a 429 keeps Keyhold's own code
   * ({@code too_many_attempts} or {@code rate_limited}) as its {@code error}.
   */
  static OAuthError from(IdentityException e) {
    if (e instanceof TooManyRequestsException tooMany) {
      return new OAuthError(429, e.code(), e.getMessage(), RateLimitHeaders.of(tooMany));
    }
    if (e instanceof OverloadedException overloaded) {
      return new OAuthError(503, "temporarily_unavailable", "The service is busy; try again shortly.",
          Map.of("Retry-After", RateLimitHeaders.retryAfter(overloaded.retryAfter())));
    }
    return switch (e.errorCode()) {
      case INVALID_CREDENTIALS, EMAIL_NOT_VERIFIED, INVALID_REFRESH_TOKEN, TOKEN_REUSED, INVALID_TOKEN,
          INVALID_LINK_TOKEN, INVALID_MFA_CODE, INVALID_MFA_TOKEN -> new OAuthError(400, "invalid_grant", e.getMessage());
      case MFA_REQUIRED -> new OAuthError(403, "mfa_required", e.getMessage());
      case SIGN_IN_REFUSED -> new OAuthError(400, "invalid_grant", e.getMessage());
      case REGISTRATION_REFUSED -> new OAuthError(400, "invalid_request", e.getMessage());
      case HOOK_FAILED -> new OAuthError(500, "server_error", "An extension of this server failed; nothing was done.");
      case INVALID_OAUTH_STATE, OAUTH_LOGIN_FAILED -> new OAuthError(400, "invalid_grant", e.getMessage());
      case PROVIDER_UNAVAILABLE -> new OAuthError(503, "temporarily_unavailable", e.getMessage());
      case STORE_UNAVAILABLE -> new OAuthError(503, "temporarily_unavailable",
          "The service is temporarily unavailable; try again.",
          Map.of("Retry-After", ErrorResponses.OUTAGE_RETRY_AFTER));
      case VALIDATION_FAILED, EMAIL_TAKEN, NOT_FOUND, FORBIDDEN, SLUG_TAKEN, ROLE_NAME_TAKEN, ALREADY_MEMBER,
          LAST_OWNER, MFA_ALREADY_ENABLED, MFA_NOT_ENABLED, LAST_SIGN_IN_METHOD, IDENTITY_ALREADY_LINKED ->
          new OAuthError(400, "invalid_request", e.getMessage());
      case TOO_MANY_ATTEMPTS, RATE_LIMITED, OVERLOADED ->
          throw new IllegalStateException("answered above by its type: " + e.code());
    };
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  /** Extra response headers: {@code Retry-After} and the rate-limit fields of a 429. */
  Map<String, String> headers() {
    return headers;
  }

  /** RFC 6749 allows only printable ASCII without {@code "} and {@code \} in a description. */
  Body body() {
    String description = getMessage() == null ? null : getMessage().replaceAll("[^\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]", "");
    if (challenge != null) {
      return new Body(error, description, challenge.mfaToken(), challenge.expiresIn().toSeconds(),
          challenge.methods());
    }
    return new Body(error, description);
  }
}
