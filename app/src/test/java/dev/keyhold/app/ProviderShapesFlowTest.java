package dev.keyhold.app;

import static dev.keyhold.app.OidcBrowser.authorize;
import static dev.keyhold.app.OidcBrowser.callback;
import static dev.keyhold.app.OidcBrowser.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with a Google-shaped and an Entra-shaped provider, end to end over real HTTP: the server as configured from
 * the environment (GOOGLE_*, MICROSOFT_* with MICROSOFT_AUTHORITY_HOST), a real OpenID provider (mock-oauth2-server)
 * signing the tokens, and for Entra a discovery document with the {@code {tenantid}} issuer template. Google's issuer
 * is the one thing no setting moves: the test points the configured Google at the stand-in issuer.
 */
class ProviderShapesFlowTest {

  private static final String GOOGLE_REDIRECT = "http://localhost:3000/oauth/google/callback";
  private static final String MICROSOFT_REDIRECT = "http://localhost:3000/oauth/microsoft/callback";
  private static final String TENANT_A = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String TENANT_B = "3c8a2b1e-5f4d-4e6a-9b7c-0d1e2f3a4b5c";

  private static final CapturingMailer mail = new CapturingMailer();
  private static MockOAuth2Server provider;
  private static EntraAuthority entra;
  private static KeyholdServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    provider = new MockOAuth2Server();
    provider.start();
    entra = new EntraAuthority(provider, "entra");
    Map<String, String> env = new HashMap<>(TestDatabase.serverEnvironment(Map.of(
        "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1")));
    env.putAll(Map.of(
        "GOOGLE_CLIENT_ID", "keyhold-google", "GOOGLE_CLIENT_SECRET", "google-client-secret",
        "GOOGLE_REDIRECT_URI", GOOGLE_REDIRECT, "GOOGLE_HOSTED_DOMAIN", "example.com",
        "MICROSOFT_CLIENT_ID", "6731de76-14a6-49ae-97bc-6eba6914391e",
        "MICROSOFT_CLIENT_SECRET", "microsoft-client-secret", "MICROSOFT_REDIRECT_URI", MICROSOFT_REDIRECT,
        "MICROSOFT_TENANT", "common", "MICROSOFT_ALLOWED_TENANTS", TENANT_A,
        "MICROSOFT_AUTHORITY_HOST", entra.host()));
    Config configured = Config.fromEnvironment(env);
    Config.IdentityProviders providers = configured.identityProviders();
    Config config = configured.withIdentityProviders(new Config.IdentityProviders(
        providers.google().map(google -> google.withIssuer(provider.issuerUrl("google").uri())),
        providers.microsoft(), providers.generic()));
    server = TestServers.start(config, mail, true);
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    entra.close();
    provider.shutdown();
  }

  @Test
  void both_providers_are_listed() {
    assertThat(api.get("/api/v1/oauth/providers", null).body().toString()).isEqualTo("{\"items\":["
        + "{\"name\":\"google\",\"display_name\":\"Google\"},{\"name\":\"microsoft\",\"display_name\":\"Microsoft\"}]}");
  }

  @Test
  void a_google_account_of_the_hosted_domain_signs_in_and_reaches_me() {
    google("g-" + UUID.randomUUID(), Map.of("email", "ann@example.com", "email_verified", true, "hd", "example.com"));

    ApiClient.Response signedIn = callback(api, "google", authorize(api, "google", googleIssuer()));

    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
    assertThat(payload(signedIn.text("access_token")).get("amr").toString()).isEqualTo("[\"fed\"]");
    ApiClient.Response me = api.get("/api/v1/me", signedIn.text("access_token"));
    assertThat(me.text("email")).isEqualTo("ann@example.com");
    assertThat(me.body().get("email_verified").asBoolean()).isTrue();
  }

  @Test
  void a_google_account_of_another_domain_is_refused() {
    google("g-" + UUID.randomUUID(),
        Map.of("email", "eve@other.example", "email_verified", true, "hd", "other.example"));

    ApiClient.Response refused = callback(api, "google", authorize(api, "google", googleIssuer()));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("code")).isEqualTo("oauth_login_failed");
  }

  @Test
  void an_entra_account_of_an_allowed_tenant_signs_in_keyed_on_tenant_and_object_id() {
    entra(TENANT_A, TENANT_A, UUID.randomUUID().toString(), Map.of("email", "megan@contoso.example", "xms_edov", true));

    ApiClient.Response signedIn = callback(api, "microsoft", authorize(api, "microsoft", entraAuthorization()));

    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
    ApiClient.Response me = api.get("/api/v1/me", signedIn.text("access_token"));
    assertThat(me.text("email")).isEqualTo("megan@contoso.example");
    assertThat(api.get("/api/v1/me/identities", signedIn.text("access_token")).body().at("/items/0/provider")
        .asText()).isEqualTo("microsoft");
  }

  @Test
  void an_entra_token_whose_issuer_names_another_tenant_than_its_tid_is_refused() {
    entra(TENANT_B, TENANT_A, UUID.randomUUID().toString(), Map.of("email", "mallory@contoso.example", "xms_edov", true));

    ApiClient.Response refused = callback(api, "microsoft", authorize(api, "microsoft", entraAuthorization()));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("code")).isEqualTo("oauth_login_failed");
  }

  @Test
  void an_entra_tenant_outside_the_allow_list_is_refused() {
    entra(TENANT_B, TENANT_B, UUID.randomUUID().toString(), Map.of("email", "bob@fabrikam.example", "xms_edov", true));

    ApiClient.Response refused = callback(api, "microsoft", authorize(api, "microsoft", entraAuthorization()));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("code")).isEqualTo("oauth_login_failed");
  }

  @Test
  void an_entra_email_without_a_verified_domain_never_takes_over_a_local_account() {
    assertThat(api.post("/api/v1/register", Map.of("email", "ceo@victim.example",
        "password", "correct horse battery staple")).status()).isEqualTo(202);
    entra(TENANT_A, TENANT_A, UUID.randomUUID().toString(), Map.of("email", "ceo@victim.example", "xms_edov", false));

    ApiClient.Response refused = callback(api, "microsoft", authorize(api, "microsoft", entraAuthorization()));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("code")).isEqualTo("oauth_login_failed");
    assertThat(api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo("ceo@victim.example")))
        .status()).as("the local account is untouched").isEqualTo(200);
  }

  private static String googleIssuer() {
    return provider.issuerUrl("google").toString();
  }

  private static String entraAuthorization() {
    return provider.authorizationEndpointUrl("entra").toString();
  }

  private static void google(String subject, Map<String, Object> claims) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("google", subject, "JWT", null, claims, 3600));
  }

  /** The next Entra token: issued by {@code issuerTenant}'s issuer, for the account {@code oid} (a GUID) of {@code tid}. */
  private static void entra(String issuerTenant, String tid, String oid, Map<String, Object> more) {
    Map<String, Object> claims = new HashMap<>(more);
    claims.put("iss", entra.issuer(issuerTenant));
    claims.put("tid", tid);
    claims.put("oid", oid);
    claims.put("name", "Entra Person");
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("entra", oid, "JWT", null, claims, 3600));
  }
}
