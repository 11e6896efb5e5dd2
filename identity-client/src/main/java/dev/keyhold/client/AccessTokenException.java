package dev.keyhold.client;

/**
 * A resource server must refuse the request: the family of exceptions {@link KeyholdTokenVerifier} and
 * {@link VerifiedToken} throw, each naming the RFC 6750 {@link #errorCode()} and HTTP {@link #status()} to answer
 * with ({@code WWW-Authenticate: Bearer error="invalid_token"}). Messages never hold the token.
 */
public abstract sealed class AccessTokenException extends RuntimeException
    permits InvalidAccessTokenException, InsufficientScopeException {

  AccessTokenException(String message) {
    super(message, null, false, false); // refusals are routine: no stack trace to fill
  }

  /** {@code invalid_token} or {@code insufficient_scope} (RFC 6750 section 3.1). */
  public abstract String errorCode();

  /** 401 or 403. */
  public abstract int status();
}
