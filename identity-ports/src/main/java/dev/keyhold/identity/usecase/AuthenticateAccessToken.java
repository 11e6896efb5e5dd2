package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.token.AccessTokenClaims;

/**
 * Authenticates an API request by its bearer access token: the signature and claims must verify, and the token's
 * session must still be active (one store read). Logout, reuse detection, password changes and disabling a user all
 * end sessions, so each takes effect at once on Keyhold's own API.
 */
public interface AuthenticateAccessToken {

  /**
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code ACCESS_TOKEN} when the token does not
   *     verify or its session is no longer active
   */
  AccessTokenClaims authenticate(String accessToken);
}
