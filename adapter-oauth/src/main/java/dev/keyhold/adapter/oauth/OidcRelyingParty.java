package dev.keyhold.adapter.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.spi.IdentityProvider;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The OpenID Connect relying party for one provider: the authorization-code flow with PKCE (S256), {@code state} and
 * {@code nonce}, the token request authenticated with the client secret, and the ID token validated by Nimbus's
 * {@link IDTokenValidator} against the provider's keys, then by the provider's own {@link ProviderRules}. Holds no
 * per-sign-in state. Thread-safe.
 */
final class OidcRelyingParty implements IdentityProvider {

  /** How far the provider's clock and ours may disagree about {@code exp} and {@code iat}. */
  static final int MAX_CLOCK_SKEW_SECONDS = 60;

  private static final Scope SCOPE = new Scope(OIDCScopeValue.OPENID, OIDCScopeValue.EMAIL, OIDCScopeValue.PROFILE);
  /** The base64url SHA-256 of a verifier: 43 characters without padding. */
  private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Client client;
  private final ProviderRules rules;
  private final Discovery discovery;

  OidcRelyingParty(Client client, ProviderRules rules, Discovery discovery) {
    this.client = client;
    this.rules = rules;
    this.discovery = discovery;
  }

  @Override
  public String name() {
    return client.name();
  }

  @Override
  public String displayName() {
    return client.displayName();
  }

  @Override
  public List<URI> redirectUris() {
    return client.redirectUris();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the redirect URI is not registered, {@code state} or {@code nonce} is blank,
   *     or {@code codeChallenge} is not an S256 challenge
   * @throws dev.keyhold.identity.error.ProviderUnavailableException if the provider's discovery document is needed and
   *     cannot be fetched
   */
  @Override
  // Nimbus deprecates passing a computed challenge in favour of the verifier; by design the verifier never leaves the
  // core's store, and this adapter sees only its S256 challenge
  @SuppressWarnings("deprecation")
  public URI authorizationUrl(URI redirectUri, String state, String nonce, String codeChallenge) {
    requireRegistered(redirectUri);
    requireValue(state, "state");
    requireValue(nonce, "nonce");
    if (codeChallenge == null || !S256_CHALLENGE.matcher(codeChallenge).matches()) {
      throw new IllegalArgumentException("The code challenge is not a base64url SHA-256.");
    }
    CodeChallenge challenge;
    try {
      challenge = CodeChallenge.parse(codeChallenge);
    } catch (ParseException e) {
      throw new IllegalArgumentException("The code challenge is not a base64url SHA-256.");
    }
    AuthenticationRequest.Builder request =
        new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, client.clientId(), redirectUri)
            .endpointURI(discovery.current().authorizationEndpoint())
            .state(new State(state))
            .nonce(new Nonce(nonce))
            .codeChallenge(challenge, CodeChallengeMethod.S256);
    rules.authorizationParameters().forEach(request::customParameter);
    return request.build().toURI();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the redirect URI is not registered, {@code code} or {@code nonce} is blank, or
   *     {@code codeVerifier} is not a PKCE verifier
   * @throws dev.keyhold.identity.error.ProviderUnavailableException if the provider cannot be reached, answers with a
   *     server error or with something that is not a token response, or its keys cannot be fetched
   */
  @Override
  public VerifiedExternalIdentity exchange(String code, URI redirectUri, String codeVerifier, String nonce) {
    requireRegistered(redirectUri);
    requireValue(code, "code");
    requireValue(nonce, "nonce");
    CodeVerifier verifier;
    try {
      verifier = new CodeVerifier(Objects.requireNonNull(codeVerifier, "codeVerifier"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The code verifier is not a PKCE verifier.");
    }
    Discovery.Provider provider = discovery.current();
    JWT idToken = requestIdToken(provider, new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier));
    IDTokenClaimsSet claims = validate(provider, idToken, new Nonce(nonce));
    return rules.identity(claims);
  }

  private JWT requestIdToken(Discovery.Provider provider, AuthorizationCodeGrant grant) {
    ClientAuthentication authentication = provider.clientSecretPost()
        ? new ClientSecretPost(client.clientId(), client.secret())
        : new ClientSecretBasic(client.clientId(), client.secret());
    TokenRequest request = new TokenRequest(provider.tokenEndpoint(), authentication, grant, null);
    HTTPResponse response = discovery.send(request.toHTTPRequest(), "token endpoint");
    int status = response.getStatusCode();
    if (status >= 500 || status == 429) {
      throw discovery.unavailable("its token endpoint answered HTTP " + status, null);
    }
    if (status != HTTPResponse.SC_OK) {
      // invalid_grant and its kind: the code is unknown, used, expired, or not bound to this verifier and redirect
      throw ExternalLoginException.failed("token_error");
    }
    TokenResponse parsed;
    try {
      parsed = OIDCTokenResponseParser.parse(response);
    } catch (ParseException | RuntimeException e) {
      // never the exception itself: its message may quote the response, tokens included
      throw discovery.unavailable("its token endpoint answered something that is not a token response", null);
    }
    if (!parsed.indicatesSuccess() || !(parsed instanceof OIDCTokenResponse)) {
      throw ExternalLoginException.failed("token_error");
    }
    JWT idToken = ((OIDCTokenResponse) parsed).getOIDCTokens().getIDToken();
    if (idToken == null) {
      throw ExternalLoginException.failed("no_id_token");
    }
    return idToken;
  }

  private IDTokenClaimsSet validate(Discovery.Provider provider, JWT idToken, Nonce nonce) {
    if (!(idToken instanceof SignedJWT)) {
      // alg "none", or encrypted (we register no decryption key): never accepted
      throw ExternalLoginException.failed("bad_signature");
    }
    JWTClaimsSet unverified;
    try {
      unverified = idToken.getJWTClaimsSet();
    } catch (java.text.ParseException e) {
      throw ExternalLoginException.failed("malformed_id_token");
    }
    Issuer issuer = rules.expectedIssuer(unverified).orElseThrow(() -> ExternalLoginException.failed("bad_issuer"));
    IDTokenValidator validator = new IDTokenValidator(issuer, client.clientId(), provider.keySelector(), null);
    validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    IDTokenClaimsSet claims;
    try {
      claims = validator.validate(idToken, nonce);
    } catch (BadJOSEException e) {
      throw ExternalLoginException.failed(Refusals.reason(e));
    } catch (RateLimitReachedException e) {
      // the key id is unknown and the keys were re-fetched moments ago: refused, unless that fetch failed
      if (provider.keySource().lastFetchFailed()) {
        throw discovery.unavailable("its keys could not be fetched", e);
      }
      throw ExternalLoginException.failed("bad_signature");
    } catch (KeySourceException e) {
      throw discovery.unavailable("its keys could not be fetched", e);
    } catch (JOSEException e) {
      throw ExternalLoginException.failed("bad_signature");
    }
    // OpenID Connect Core 3.1.3.7: a present azp must name us; with several audiences, it must be present. Nimbus
    // 11.39 checks neither, so both are checked here, on claims whose signature and audience it has verified.
    if (claims.getAuthorizedParty() != null
        ? !claims.getAuthorizedParty().getValue().equals(client.clientId().getValue())
        : claims.getAudience().size() > 1) {
      throw ExternalLoginException.failed("bad_azp");
    }
    return claims;
  }

  private void requireRegistered(URI redirectUri) {
    if (!client.registered(redirectUri)) {
      throw new IllegalArgumentException("The redirect URI is not one registered for " + client.name() + ".");
    }
  }

  private static void requireValue(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("The " + what + " is missing.");
    }
  }

  @Override
  public String toString() {
    return "OidcRelyingParty[" + client.name() + "]";
  }
}
