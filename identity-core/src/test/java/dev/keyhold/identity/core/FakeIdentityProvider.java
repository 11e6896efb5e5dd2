package dev.keyhold.identity.core;

import dev.keyhold.identity.core.crypto.Pkce;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.spi.IdentityProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID Connect provider in memory, checking what a real one checks of the relying party: a code is issued for one
 * authorization request (its redirect URI, nonce and PKCE challenge) and redeemed once, with the verifier whose S256
 * challenge was sent, at the same redirect URI; the nonce the request carried comes back in the identity only when the
 * core passes it. {@link #approve} plays the browser at the provider: it reads the authorization URL the core built,
 * and answers the code the provider would redirect back with.
 */
final class FakeIdentityProvider implements IdentityProvider {

  /** What a provider remembers of an authorization request it approved. */
  private record Grant(VerifiedExternalIdentity identity, URI redirectUri, String nonce, String challenge) {}

  private final String name;
  private final String displayName;
  private final List<URI> redirectUris;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  /** When set, the next exchanges throw it (a refusal or an outage). */
  final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  /** Every code, verifier and nonce the core sent to the token endpoint, for leak checks. */
  final List<String> secretsSeen = new CopyOnWriteArrayList<>();

  FakeIdentityProvider(String name, String displayName, String... redirectUris) {
    this.name = name;
    this.displayName = displayName;
    this.redirectUris = Arrays.stream(redirectUris).map(URI::create).toList();
  }

  /** The issuer of this provider's identities. */
  String issuer() {
    return "https://idp.example/" + name;
  }

  /** An account at this provider; {@code verified} is whether the provider vouches for {@code email}. */
  VerifiedExternalIdentity person(String subject, String email, boolean verified) {
    return new VerifiedExternalIdentity(issuer(), subject, email, verified, "Person " + subject);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String displayName() {
    return displayName;
  }

  @Override
  public List<URI> redirectUris() {
    return redirectUris;
  }

  @Override
  public URI authorizationUrl(URI redirectUri, String state, String nonce, String codeChallenge) {
    return URI.create("https://idp.example/" + name + "/authorize?response_type=code&client_id=keyhold"
        + "&redirect_uri=" + encode(redirectUri.toString()) + "&scope=openid%20email%20profile"
        + "&state=" + encode(state) + "&nonce=" + encode(nonce)
        + "&code_challenge=" + encode(codeChallenge) + "&code_challenge_method=S256");
  }

  /** The person signs in at the provider as {@code identity}; the code it sends the browser back with. */
  String approve(URI authorizationUrl, VerifiedExternalIdentity identity) {
    Map<String, String> query = query(authorizationUrl);
    if (!"S256".equals(query.get("code_challenge_method"))) {
      throw new AssertionError("the request asks for no S256 challenge: " + authorizationUrl);
    }
    String code = "code-" + UUID.randomUUID();
    codes.put(code, new Grant(identity, URI.create(query.get("redirect_uri")), query.get("nonce"),
        query.get("code_challenge")));
    return code;
  }

  /** The {@code state} the authorization URL carries. */
  static String stateOf(URI authorizationUrl) {
    return query(authorizationUrl).get("state");
  }

  @Override
  public VerifiedExternalIdentity exchange(String code, URI redirectUri, String codeVerifier, String nonce) {
    secretsSeen.add(code);
    secretsSeen.add(codeVerifier);
    secretsSeen.add(nonce);
    RuntimeException failing = failure.get();
    if (failing != null) {
      throw failing;
    }
    Grant grant = codes.remove(code);
    if (grant == null) {
      throw ExternalLoginException.failed("invalid_grant");
    }
    if (!grant.redirectUri().equals(redirectUri)) {
      throw ExternalLoginException.failed("redirect_uri_mismatch");
    }
    if (!Objects.equals(grant.challenge(), Pkce.challengeS256(codeVerifier))) {
      throw ExternalLoginException.failed("pkce_mismatch");
    }
    if (!Objects.equals(grant.nonce(), nonce)) {
      throw ExternalLoginException.failed("bad_nonce");
    }
    return grant.identity();
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
