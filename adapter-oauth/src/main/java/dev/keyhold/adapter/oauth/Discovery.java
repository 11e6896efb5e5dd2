package dev.keyhold.adapter.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderConfigurationRequest;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.keyhold.identity.error.ProviderUnavailableException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.minidev.json.JSONObject;

/**
 * A provider's discovery document and keys, fetched on first use and cached: the document for
 * {@link #METADATA_TIME_TO_LIVE}, served stale (and re-fetched at most every {@link #RETRY_WHILE_STALE}) while the
 * provider cannot be reached; the keys by Nimbus's remote JWK set cache, which re-fetches them for an unknown key id at
 * most twice per {@link #KEY_REFETCH_INTERVAL_MILLIS}. Thread-safe.
 */
final class Discovery {

  static final Duration METADATA_TIME_TO_LIVE = Duration.ofHours(1);
  static final Duration RETRY_WHILE_STALE = Duration.ofMinutes(1);
  static final long KEY_CACHE_TIME_TO_LIVE_MILLIS = Duration.ofMinutes(5).toMillis();
  static final long KEY_CACHE_REFRESH_TIMEOUT_MILLIS = Duration.ofSeconds(15).toMillis();
  static final long KEY_REFETCH_INTERVAL_MILLIS = Duration.ofSeconds(30).toMillis();

  /** Asymmetric signatures only: never {@code none}, never an HMAC keyed with something public. */
  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  /**
   * What the relying party needs from the discovery document, and the provider's keys.
   *
   * @param retryAt when the document is fetched again: an hour after it was, or a minute after a failed attempt
   */
  record Provider(
      URI authorizationEndpoint, URI tokenEndpoint, boolean clientSecretPost, URI jwksUri, Set<JWSAlgorithm> algorithms,
      JWSKeySelector<SecurityContext> keySelector, KeySetSource keySource, Instant retryAt) {

    Provider retryingAt(Instant when) {
      return new Provider(authorizationEndpoint, tokenEndpoint, clientSecretPost, jwksUri, algorithms, keySelector,
          keySource, when);
    }
  }

  private final Client client;
  private final ProviderRules rules;
  private final Clock clock;
  private Provider current;

  Discovery(Client client, ProviderRules rules, Clock clock) {
    this.client = client;
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * The provider's endpoints and keys.
   *
   * @throws ProviderUnavailableException when the document is needed and cannot be fetched, or is not a usable
   *     OpenID Provider's
   */
  synchronized Provider current() {
    Instant now = clock.instant();
    if (current != null && now.isBefore(current.retryAt())) {
      return current;
    }
    try {
      current = fetch(now);
    } catch (ProviderUnavailableException e) {
      if (current == null) {
        throw e;
      }
      current = current.retryingAt(now.plus(RETRY_WHILE_STALE));
    }
    return current;
  }

  private Provider fetch(Instant now) {
    HTTPRequest request = new OIDCProviderConfigurationRequest(rules.discoveryIssuer()).toHTTPRequest();
    HTTPResponse response = send(request, "discovery document");
    if (response.getStatusCode() != HTTPResponse.SC_OK) {
      throw unavailable("its discovery document answered HTTP " + response.getStatusCode(), null);
    }
    JSONObject document;
    try {
      document = response.getBodyAsJSONObject();
    } catch (ParseException e) {
      throw unavailable("its discovery document is not JSON", null);
    }
    // checked as text: Entra's multi-tenant template {tenantid} is no URI, and Nimbus parses the issuer as one
    Object issuer = document.get("issuer");
    if (!(issuer instanceof String) || !rules.acceptsDiscoveredIssuer((String) issuer)) {
      // the provider's text is not repeated: messages end up in logs
      throw unavailable("its discovery document names another issuer than " + rules.discoveryIssuer(), null);
    }
    OIDCProviderMetadata metadata;
    try {
      JSONObject parseable = new JSONObject(document);
      parseable.put("issuer", rules.discoveryIssuer().getValue());
      metadata = OIDCProviderMetadata.parse(parseable);
    } catch (ParseException | RuntimeException e) {
      throw unavailable("its discovery document is not an OpenID Provider's", null);
    }
    URI authorization = endpoint(metadata.getAuthorizationEndpointURI(), "authorization_endpoint");
    URI token = endpoint(metadata.getTokenEndpointURI(), "token_endpoint");
    URI jwks = endpoint(metadata.getJWKSetURI(), "jwks_uri");
    List<CodeChallengeMethod> pkce = metadata.getCodeChallengeMethods();
    if (pkce != null && !pkce.contains(CodeChallengeMethod.S256)) {
      throw unavailable("its discovery document does not offer PKCE with S256", null);
    }
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(ACCEPTED_ALGORITHMS);
    if (metadata.getIDTokenJWSAlgs() != null) {
      algorithms.retainAll(metadata.getIDTokenJWSAlgs());
    }
    if (algorithms.isEmpty()) {
      throw unavailable("it signs ID tokens with none of " + ACCEPTED_ALGORITHMS, null);
    }
    boolean post = clientSecretPost(metadata.getTokenEndpointAuthMethods());
    Provider previous = current;
    if (previous != null && previous.jwksUri().equals(jwks) && previous.algorithms().equals(algorithms)) {
      // the same keys: keep their cache
      return new Provider(authorization, token, post, jwks, algorithms, previous.keySelector(), previous.keySource(),
          now.plus(METADATA_TIME_TO_LIVE));
    }
    KeySetSource keySource;
    try {
      keySource = new KeySetSource(jwks.toURL(), client.connectTimeoutMillis(), client.readTimeoutMillis());
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw unavailable("its jwks_uri is not a URL", null);
    }
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(keySource)
        .cache(KEY_CACHE_TIME_TO_LIVE_MILLIS, KEY_CACHE_REFRESH_TIMEOUT_MILLIS)
        .refreshAheadCache(false)
        .rateLimited(KEY_REFETCH_INTERVAL_MILLIS)
        .retrying(false)
        .outageTolerant(false)
        .build();
    return new Provider(authorization, token, post, jwks, Set.copyOf(algorithms),
        new JWSVerificationKeySelector<>(Set.copyOf(algorithms), keys), keySource, now.plus(METADATA_TIME_TO_LIVE));
  }

  private boolean clientSecretPost(List<ClientAuthenticationMethod> supported) {
    // RFC 8414 and OpenID Connect Discovery: absent means client_secret_basic
    if (supported == null || supported.isEmpty() || supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
      return false;
    }
    if (supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
      return true;
    }
    throw unavailable("its token endpoint accepts neither client_secret_basic nor client_secret_post", null);
  }

  private URI endpoint(URI uri, String what) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
      throw unavailable("its discovery document has no usable " + what, null);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && SettingsChecks.isLoopback(uri))) {
      throw unavailable("its " + what + " is not an https URL", null);
    }
    return uri;
  }

  /** Sends with this client's timeouts and without following redirects. */
  HTTPResponse send(HTTPRequest request, String step) {
    request.setConnectTimeout(client.connectTimeoutMillis());
    request.setReadTimeout(client.readTimeoutMillis());
    request.setFollowRedirects(false);
    try {
      return request.send();
    } catch (IOException e) {
      throw unavailable("its " + step + " could not be reached (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  ProviderUnavailableException unavailable(String what, Throwable cause) {
    return new ProviderUnavailableException("The identity provider " + client.name() + " is unavailable: " + what + ".",
        cause);
  }
}
