package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.token.AccessTokenClaims;

/**
 * Checks an access token's signature and claims. Thread-safe. Implementations pin the algorithm per key, the issuer
 * and the audience; reject {@code alg: none}, unknown key ids and any {@code jku}, {@code x5u}, {@code jwk} or
 * {@code x5c} header; and check expiry against their clock.
 */
public interface AccessTokenVerifier {

  /**
   * @return the verified claims
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code ACCESS_TOKEN} when anything is wrong
   */
  AccessTokenClaims verify(String token);
}
