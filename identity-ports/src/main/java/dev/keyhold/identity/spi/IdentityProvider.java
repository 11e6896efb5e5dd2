package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import java.net.URI;
import java.util.List;

/**
 * One configured OpenID Connect provider, seen by the core as a relying party's two steps: where to send the browser,
 * and what the provider vouches for once it sends the browser back with a code. Protocol work (discovery, the token
 * request, ID-token validation and each provider's quirks) is the adapter's; the core keeps {@code state},
 * {@code nonce} and the PKCE verifier server-side and decides about accounts.
 *
 * <p>Implementations must be thread-safe. They throw
 * {@link dev.keyhold.identity.error.ExternalLoginException} when the provider refuses the code or its token fails
 * validation, and {@link dev.keyhold.identity.error.ProviderUnavailableException} when the provider cannot be reached or fails.
 */
public interface IdentityProvider {

  /** The name in routes and settings: lower-case letters, digits and hyphens, unique. */
  String name();

  /** The name to show on a sign-in button. */
  String displayName();

  /** The redirect URIs registered at the provider; a requested one must equal one of them exactly. */
  List<URI> redirectUris();

  /**
   * The provider's authorization URL for the authorization-code flow with PKCE (S256).
   *
   * @param codeChallenge the base64url SHA-256 of the PKCE verifier
   */
  URI authorizationUrl(URI redirectUri, String state, String nonce, String codeChallenge);

  /**
   * Exchanges the code for tokens and validates the ID token: signature with the provider's keys, issuer, audience,
   * authorized party, expiry and {@code nonce}, and the provider's own rules.
   *
   * @throws dev.keyhold.identity.error.ExternalLoginException with a reason code (never a token) when anything is
   *     refused
   */
  VerifiedExternalIdentity exchange(String code, URI redirectUri, String codeVerifier, String nonce);
}
