package dev.keyhold.identity.error;

/**
 * A store (database, cache) could not answer. Adapters translate every driver failure into this exception and
 * never into "absent": an outage must not look like an unknown user or a revoked token.
 */
public final class StoreUnavailableException extends IdentityException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(ErrorCode.STORE_UNAVAILABLE, message, cause);
  }
}
