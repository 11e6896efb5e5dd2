package dev.keyhold.adapter.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Keyhold's authorization server metadata (RFC 8414), served at {@value #OAUTH_PATH} and, identically, at
 * {@value #OPENID_PATH}, so that resource servers configure themselves from the issuer URL alone. Only true fields:
 * every URL is derived from the configured issuer (never from a request's {@code Host}), and the lists state what
 * {@link TokenEndpoint} really accepts. Keyhold is not an OpenID Provider (it issues no ID tokens and has no
 * authorization endpoint), so the document carries none of the OpenID-only fields; {@code response_types_supported},
 * which RFC 8414 requires, is empty. docs/decisions.md says why.
 *
 * @param issuer the {@code iss} of Keyhold's access tokens, exactly as they carry it
 * @param jwksUri the public signing keys
 * @param tokenEndpoint {@code POST /api/v1/token}
 * @param grantTypesSupported the grants the token endpoint accepts
 * @param responseTypesSupported empty: there is no authorization endpoint
 * @param tokenEndpointAuthMethodsSupported {@code none}: every client is public, none authenticates
 */
record AuthorizationServerMetadata(
    String issuer,
    String jwksUri,
    String tokenEndpoint,
    List<String> grantTypesSupported,
    List<String> responseTypesSupported,
    List<String> tokenEndpointAuthMethodsSupported) {

  static final String OAUTH_PATH = "/.well-known/oauth-authorization-server";
  static final String OPENID_PATH = "/.well-known/openid-configuration";
  static final String JWKS_PATH = "/.well-known/jwks.json";
  static final String TOKEN_PATH = "/api/v1/token";
  /** How long clients and proxies may keep the document, as long as the key set. */
  static final String CACHE_CONTROL = "public, max-age=300";

  AuthorizationServerMetadata {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jwksUri, "jwksUri");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    grantTypesSupported = List.copyOf(grantTypesSupported);
    responseTypesSupported = List.copyOf(responseTypesSupported);
    tokenEndpointAuthMethodsSupported = List.copyOf(tokenEndpointAuthMethodsSupported);
  }

  /**
   * The metadata of the server whose tokens carry {@code issuer}; Keyhold's routes are reached under the issuer's
   * path, as {@code PUBLIC_URL} is where the API is reached.
   *
   * @throws IllegalArgumentException when the issuer is not an absolute http(s) URL with a host, or has a query or
   *     fragment (RFC 8414 section 2 forbids both)
   */
  static AuthorizationServerMetadata forIssuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("the issuer must be an absolute http(s) URL: " + issuer, e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "the issuer must be an absolute http(s) URL with a host, without user information, query or fragment: "
              + issuer);
    }
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return new AuthorizationServerMetadata(issuer, base + JWKS_PATH, base + TOKEN_PATH, TokenEndpoint.GRANT_TYPES,
        List.of(), List.of("none"));
  }
}
