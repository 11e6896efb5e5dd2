package dev.keyhold.client;

/**
 * The verifier has no key to check a token with because Keyhold's discovery document or JWK Set could not be
 * fetched or read. Not the token's fault: answer 503, not 401. While keys fetched earlier are cached, an outage of
 * the key endpoint does not raise this; those keys are used until it answers again.
 */
public final class KeySourceUnavailableException extends RuntimeException {

  KeySourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
