package dev.keyhold.adapter.oauth;

import static dev.keyhold.adapter.oauth.GenericProviderTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.spi.IdentityProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Google's rules against a real OpenID provider over HTTP (mock-oauth2-server) standing in for Google's issuer, as
 * {@link GoogleSettings#withIssuer} allows for tests.
 */
class GoogleProviderTest {

  private static final String ISSUER_ID = "google";
  private static final URI REDIRECT = URI.create("http://localhost:8080/oauth/google/callback");

  private static MockOAuth2Server server;
  private static GoogleSettings settings;
  private static IdentityProvider google;

  @BeforeAll
  static void start() {
    server = new MockOAuth2Server();
    server.start();
    settings = GoogleSettings.of("123-abc.apps.googleusercontent.com", "google-secret", List.of(REDIRECT))
        .withIssuer(issuer());
    google = OidcProviders.google(settings);
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
  void is_named_google() {
    assertThat(google.name()).isEqualTo("google");
    assertThat(google.displayName()).isEqualTo("Google");
  }

  @Test
  void a_verified_email_is_vouched_for() {
    nextToken("1001", Map.of("email", "ann@gmail.com", "email_verified", true, "name", "Ann"));

    assertThat(Browser.signInAndExchange(google, REDIRECT))
        .isEqualTo(new VerifiedExternalIdentity(issuer().toString(), "1001", "ann@gmail.com", true, "Ann"));
  }

  @Test
  void email_verified_false_is_not_vouched_for() {
    nextToken("1002", Map.of("email", "ann@example.com", "email_verified", false));

    VerifiedExternalIdentity identity = Browser.signInAndExchange(google, REDIRECT);

    assertThat(identity.email()).isEqualTo("ann@example.com");
    assertThat(identity.emailVerified()).isFalse();
  }

  @Test
  void an_email_without_email_verified_is_not_vouched_for() {
    nextToken("1003", Map.of("email", "ann@example.com"));

    assertThat(Browser.signInAndExchange(google, REDIRECT).emailVerified()).isFalse();
  }

  @Test
  void email_verified_as_the_string_true_is_vouched_for() {
    nextToken("1004", Map.of("email", "ann@gmail.com", "email_verified", "true"));

    assertThat(Browser.signInAndExchange(google, REDIRECT).emailVerified()).isTrue();
  }

  @Test
  void the_issuer_spelled_without_its_scheme_is_the_same_issuer() {
    String bare = issuer().getRawAuthority() + issuer().getRawPath();
    nextToken("1005", Map.of("iss", bare));

    VerifiedExternalIdentity identity = Browser.signInAndExchange(google, REDIRECT);

    assertThat(identity.issuer()).as("keyed on the canonical spelling").isEqualTo(issuer().toString());
    assertThat(identity.subject()).isEqualTo("1005");
  }

  @Test
  void another_issuer_is_refused() {
    nextToken("1006", Map.of("iss", "https://accounts.google.com.evil.example"));

    assertRefused(() -> Browser.signInAndExchange(google, REDIRECT), "bad_issuer");
  }

  @Test
  void the_real_google_accepts_both_of_its_spellings() {
    GoogleRules rules = new GoogleRules(GoogleSettings.of("id", "secret", List.of(REDIRECT)));

    assertThat(rules.expectedIssuer(claimsWithIssuer("https://accounts.google.com"))).isPresent();
    assertThat(rules.expectedIssuer(claimsWithIssuer("accounts.google.com"))).isPresent();
    assertThat(rules.expectedIssuer(claimsWithIssuer("http://accounts.google.com"))).isEmpty();
    assertThat(rules.expectedIssuer(claimsWithIssuer("https://accounts.google.com/"))).isEmpty();
  }

  private static JWTClaimsSet claimsWithIssuer(String issuer) {
    return new JWTClaimsSet.Builder().issuer(issuer).build();
  }

  @Test
  void with_a_hosted_domain_the_authorization_url_hints_it() {
    IdentityProvider workspace = OidcProviders.google(settings.withHostedDomain("Example.com"));

    URI url = workspace.authorizationUrl(REDIRECT, "s", "n", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

    assertThat(Browser.query(url)).containsEntry("hd", "example.com");
  }

  @Test
  void with_a_hosted_domain_an_account_of_that_domain_signs_in() {
    IdentityProvider workspace = OidcProviders.google(settings.withHostedDomain("example.com"));
    nextToken("2001", Map.of("email", "ann@example.com", "email_verified", true, "hd", "example.com"));

    assertThat(Browser.signInAndExchange(workspace, REDIRECT).subject()).isEqualTo("2001");
  }

  @Test
  void with_a_hosted_domain_an_account_of_another_domain_is_refused() {
    IdentityProvider workspace = OidcProviders.google(settings.withHostedDomain("example.com"));
    nextToken("2002", Map.of("email", "eve@other.example", "email_verified", true, "hd", "other.example"));

    assertRefused(() -> Browser.signInAndExchange(workspace, REDIRECT), "hosted_domain");
  }

  @Test
  void with_a_hosted_domain_a_consumer_account_is_refused() {
    IdentityProvider workspace = OidcProviders.google(settings.withHostedDomain("example.com"));
    nextToken("2003", Map.of("email", "eve@gmail.com", "email_verified", true));

    assertRefused(() -> Browser.signInAndExchange(workspace, REDIRECT), "hosted_domain");
  }
}
