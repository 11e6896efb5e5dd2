package dev.keyhold.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.TokenRequest;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.spi.IdentityProvider;
import java.net.URI;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A generic issuer, found by discovery, against a real OpenID provider over HTTP (mock-oauth2-server). */
class GenericProviderTest {

  private static final String ISSUER_ID = "acme";
  private static final String CLIENT_ID = "keyhold-acme";
  private static final URI REDIRECT = URI.create("http://localhost:8080/oauth/acme/callback");
  private static final URI OTHER_REDIRECT = URI.create("https://keyhold.example.com/oauth/acme/callback");

  private static MockOAuth2Server server;
  private static IdentityProvider acme;

  @BeforeAll
  static void start() {
    server = new MockOAuth2Server();
    server.start();
    acme = OidcProviders.generic(GenericOidcSettings.of("acme", "Acme SSO", issuer(), CLIENT_ID, "acme-secret",
        List.of(REDIRECT, OTHER_REDIRECT)));
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  private static URI issuer() {
    return server.issuerUrl(ISSUER_ID).uri();
  }

  private static void nextToken(String subject, Map<String, Object> claims) {
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", null, claims, 3600));
  }

  @Test
  void names_itself_as_configured() {
    assertThat(acme.name()).isEqualTo("acme");
    assertThat(acme.displayName()).isEqualTo("Acme SSO");
    assertThat(acme.redirectUris()).containsExactly(REDIRECT, OTHER_REDIRECT);
  }

  @Test
  void a_sign_in_yields_the_issuer_subject_and_vouched_email() {
    nextToken("alice-1", Map.of("email", "alice@acme.example", "email_verified", true, "name", "Alice Liddell"));

    VerifiedExternalIdentity identity = Browser.signInAndExchange(acme, REDIRECT);

    assertThat(identity).isEqualTo(new VerifiedExternalIdentity(
        issuer().toString(), "alice-1", "alice@acme.example", true, "Alice Liddell"));
  }

  @Test
  void an_email_without_email_verified_is_not_vouched_for() {
    nextToken("bob-1", Map.of("email", "bob@acme.example"));

    VerifiedExternalIdentity identity = Browser.signInAndExchange(acme, REDIRECT);

    assertThat(identity.email()).isEqualTo("bob@acme.example");
    assertThat(identity.emailVerified()).isFalse();
  }

  @Test
  void email_verified_false_is_not_vouched_for() {
    nextToken("bob-2", Map.of("email", "bob@acme.example", "email_verified", false));

    assertThat(Browser.signInAndExchange(acme, REDIRECT).emailVerified()).isFalse();
  }

  @Test
  void the_authorization_url_asks_for_the_code_flow_with_pkce_state_and_nonce() {
    URI url = acme.authorizationUrl(OTHER_REDIRECT, "the-state", "the-nonce",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

    assertThat(url.toString()).startsWith(server.authorizationEndpointUrl(ISSUER_ID) + "?");
    Map<String, String> query = Browser.query(url);
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", OTHER_REDIRECT.toString())
        .containsEntry("state", "the-state")
        .containsEntry("nonce", "the-nonce")
        .containsEntry("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        .containsEntry("code_challenge_method", "S256");
    assertThat(query.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "email", "profile");
  }

  @Test
  void a_redirect_uri_not_registered_is_refused_before_anything_is_sent() {
    URI unregistered = URI.create("http://localhost:8080/oauth/acme/callback/");
    assertThatThrownBy(() -> acme.authorizationUrl(unregistered, "s", "n",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> acme.exchange("code", unregistered, "v".repeat(43), "n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_code_redeemed_with_another_verifier_is_refused_by_the_provider() {
    nextToken("carol-1", Map.of());
    Browser.Callback callback = Browser.signIn(acme, REDIRECT);

    assertThatThrownBy(() -> acme.exchange(callback.code(), REDIRECT, "x".repeat(43), callback.nonce()))
        .isInstanceOfSatisfying(ExternalLoginException.class, e -> assertThat(e.reason()).isEqualTo("token_error"));
  }

  @Test
  void a_code_is_redeemed_once() {
    nextToken("carol-2", Map.of());
    Browser.Callback callback = Browser.signIn(acme, REDIRECT);
    acme.exchange(callback.code(), REDIRECT, callback.verifier(), callback.nonce());

    assertThatThrownBy(() -> acme.exchange(callback.code(), REDIRECT, callback.verifier(), callback.nonce()))
        .isInstanceOfSatisfying(ExternalLoginException.class, e -> assertThat(e.reason()).isEqualTo("token_error"));
  }

  @Test
  void a_token_for_another_nonce_is_refused() {
    nextToken("dave-1", Map.of());
    Browser.Callback callback = Browser.signIn(acme, REDIRECT);

    assertRefused(() -> acme.exchange(callback.code(), REDIRECT, callback.verifier(), "another-nonce"), "bad_nonce");
  }

  @Test
  void a_token_for_another_audience_is_refused() {
    nextToken("dave-2", Map.of("aud", List.of("someone-else")));

    assertRefused(() -> Browser.signInAndExchange(acme, REDIRECT), "bad_audience");
  }

  @Test
  void a_token_for_several_audiences_is_accepted_when_azp_names_us() {
    nextToken("dave-3", Map.of("aud", List.of("someone-else", CLIENT_ID)));

    assertThat(Browser.signInAndExchange(acme, REDIRECT).subject()).isEqualTo("dave-3");
  }

  @Test
  void a_token_authorized_for_another_party_is_refused() {
    server.enqueueCallback(new AzpCallback("another-client", List.of(CLIENT_ID)));

    assertRefused(() -> Browser.signInAndExchange(acme, REDIRECT), "bad_azp");
  }

  @Test
  void a_token_for_several_audiences_authorized_for_another_party_is_refused() {
    server.enqueueCallback(new AzpCallback("another-client", List.of(CLIENT_ID, "another-client")));

    assertRefused(() -> Browser.signInAndExchange(acme, REDIRECT), "bad_azp");
  }

  @Test
  void a_token_for_several_audiences_without_azp_is_refused() {
    server.enqueueCallback(new AzpCallback(null, List.of(CLIENT_ID, "another-client")));

    assertRefused(() -> Browser.signInAndExchange(acme, REDIRECT), "bad_azp");
  }

  @Test
  void a_token_for_us_alone_without_azp_is_accepted() {
    server.enqueueCallback(new AzpCallback(null, List.of(CLIENT_ID)));

    assertThat(Browser.signInAndExchange(acme, REDIRECT).subject()).isEqualTo("mallory-1");
  }

  @Test
  void a_token_from_another_issuer_is_refused() {
    nextToken("erin-1", Map.of("iss", server.issuerUrl("another").toString()));

    assertRefused(() -> Browser.signInAndExchange(acme, REDIRECT), "bad_issuer");
  }

  @Test
  void a_token_issued_in_the_future_is_refused() {
    nextToken("frank-3", Map.of("iat", new Date(System.currentTimeMillis() + 600_000)));

    assertRefused(() -> Browser.signInAndExchange(acme, REDIRECT), "bad_issued_at");
  }

  static void assertRefused(Runnable signIn, String reason) {
    assertThatThrownBy(signIn::run)
        .isInstanceOfSatisfying(ExternalLoginException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  /** The mock server always sets {@code azp} to the requesting client; this one names another, or none. */
  private static final class AzpCallback extends DefaultOAuth2TokenCallback {
    private final String azp;
    private final List<String> audience;

    AzpCallback(String azp, List<String> audience) {
      super(ISSUER_ID, "mallory-1", "JWT", null, Map.of(), 3600);
      this.azp = azp;
      this.audience = audience;
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      Map<String, Object> claims = new HashMap<>(super.addClaims(request));
      if (azp == null) {
        claims.remove("azp");
      } else {
        claims.put("azp", azp);
      }
      claims.put("aud", audience);
      return claims;
    }
  }
}
