package dev.keyhold.app;

import static dev.keyhold.app.OidcBrowser.callback;
import static dev.keyhold.app.OidcBrowser.payload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.app.OidcBrowser.Redirect;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Sign-in with a generic OpenID Connect issuer end to end, over real HTTP on both sides: two Keyhold nodes on one
 * PostgreSQL and one Redis, and a real OpenID provider (mock-oauth2-server) with two issuers, {@code acme} and
 * {@code beta}. The test plays the application and the browser: it asks a node for the authorization URL, follows it
 * to the provider, reads the code from the provider's redirect (the redirect URI is the application's, never called),
 * and posts the code and state back, to either node.
 */
class ExternalSignInFlowTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String ACME_REDIRECT = "http://localhost:3000/oauth/acme/callback";
  private static final String BETA_REDIRECT = "http://localhost:3000/oauth/beta/callback";

  private static final CapturingMailer mail = new CapturingMailer();
  private static MockOAuth2Server provider;
  private static TestRedis redis;
  private static KeyholdServer nodeA;
  private static KeyholdServer nodeB;
  private static ApiClient a;
  private static ApiClient b;

  @BeforeAll
  static void startProviderAndNodes() {
    provider = new MockOAuth2Server();
    provider.start();
    redis = TestRedis.start();
    Map<String, String> env = new HashMap<>(TestDatabase.serverEnvironment(Map.of(
        "REDIS_URL", redis.url(), "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1")));
    env.putAll(Map.of(
        "OIDC_PROVIDERS", "acme, beta",
        "OIDC_ACME_ISSUER", issuer("acme"), "OIDC_ACME_CLIENT_ID", "keyhold-acme",
        "OIDC_ACME_CLIENT_SECRET", "acme-client-secret", "OIDC_ACME_REDIRECT_URI", ACME_REDIRECT,
        "OIDC_ACME_DISPLAY_NAME", "Acme SSO",
        "OIDC_BETA_ISSUER", issuer("beta"), "OIDC_BETA_CLIENT_ID", "keyhold-beta",
        "OIDC_BETA_CLIENT_SECRET", "beta-client-secret", "OIDC_BETA_REDIRECT_URI", BETA_REDIRECT));
    env.put("OIDC_BETA_DISPLAY_NAME", "Beta ID");
    nodeA = TestServers.start(Config.fromEnvironment(env), mail, true);
    nodeB = TestServers.start(Config.fromEnvironment(env), mail, false);
    a = new ApiClient(nodeA.port());
    b = new ApiClient(nodeB.port());
  }

  @AfterAll
  static void stopEverything() {
    nodeA.close();
    nodeB.close();
    redis.close();
    provider.shutdown();
  }

  @Test
  void the_configured_providers_are_listed_in_order() {
    ApiClient.Response providers = a.get("/api/v1/oauth/providers", null);

    assertThat(providers.status()).isEqualTo(200);
    assertThat(providers.body().toString()).isEqualTo("{\"items\":[{\"name\":\"acme\",\"display_name\":\"Acme SSO\"},"
        + "{\"name\":\"beta\",\"display_name\":\"Beta ID\"}]}");
  }

  @Test
  void a_first_sign_in_creates_a_verified_user_whose_tokens_work_at_me() {
    nextPerson("acme", "alice-" + UUID.randomUUID(), "alice@acme.example", true);

    ApiClient.Response signedIn = callback(a, "acme", authorize(a, "acme"));

    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
    assertThat(signedIn.header("Cache-Control")).isEqualTo("no-store");
    String access = signedIn.text("access_token");
    assertThat(signedIn.text("refresh_token")).isNotBlank();
    assertThat(payload(access).get("amr").toString()).isEqualTo("[\"fed\"]");
    ApiClient.Response me = a.get("/api/v1/me", access);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo("alice@acme.example");
    assertThat(me.body().get("email_verified").asBoolean()).isTrue();
    ApiClient.Response identities = a.get("/api/v1/me/identities", access);
    assertThat(identities.body().get("items")).hasSize(1);
    assertThat(identities.body().at("/items/0/provider").asText()).isEqualTo("acme");
    assertThat(identities.body().at("/items/0/email").asText()).isEqualTo("alice@acme.example");
    assertThat(a.post("/api/v1/refresh", Map.of("refresh_token", signedIn.text("refresh_token"))).status())
        .isEqualTo(200);
  }

  @Test
  void a_sign_in_started_on_one_node_finishes_on_the_other() {
    String subject = "bob-" + UUID.randomUUID();
    nextPerson("acme", subject, "bob.nodes@acme.example", true);
    Redirect started = authorize(a, "acme");

    ApiClient.Response onB = callback(b, "acme", started);

    assertThat(onB.status()).as(onB.toString()).isEqualTo(200);
    assertThat(a.get("/api/v1/me", onB.text("access_token")).text("email")).isEqualTo("bob.nodes@acme.example");
    nextPerson("acme", subject, "bob.nodes@acme.example", true);
    ApiClient.Response again = callback(a, "acme", authorize(b, "acme"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(a.get("/api/v1/me", again.text("access_token")).text("id"))
        .as("the same identity signs the same user in").isEqualTo(a.get("/api/v1/me", onB.text("access_token")).text("id"));
  }

  @Test
  void a_state_is_refused_when_replayed_on_either_node() {
    nextPerson("acme", "carol-" + UUID.randomUUID(), "carol@acme.example", true);
    Redirect redirect = authorize(a, "acme");
    assertThat(callback(a, "acme", redirect).status()).isEqualTo(200);

    for (ApiClient node : List.of(a, b)) {
      ApiClient.Response replayed = callback(node, "acme", redirect);
      assertThat(replayed.status()).isEqualTo(400);
      assertThat(replayed.text("code")).isEqualTo("invalid_oauth_state");
    }
  }

  @Test
  void a_state_started_at_another_provider_is_refused_and_spent() {
    Redirect atBeta = authorize(a, "beta");

    ApiClient.Response mixedUp = callback(b, "acme", atBeta);

    assertThat(mixedUp.status()).isEqualTo(400);
    assertThat(mixedUp.text("code")).isEqualTo("invalid_oauth_state");
    assertThat(callback(a, "beta", atBeta).text("code")).as("spent").isEqualTo("invalid_oauth_state");
  }

  @Test
  void a_redirect_uri_not_configured_is_refused() {
    ApiClient.Response refused = a.get("/api/v1/oauth/acme/authorize?redirect_uri="
        + URLEncoder.encode("https://evil.example/oauth/acme/callback", StandardCharsets.UTF_8), null);
    ApiClient.Response slash = a.get("/api/v1/oauth/acme/authorize?redirect_uri="
        + URLEncoder.encode(ACME_REDIRECT + "/", StandardCharsets.UTF_8), null);
    ApiClient.Response exact = a.get("/api/v1/oauth/acme/authorize?redirect_uri="
        + URLEncoder.encode(ACME_REDIRECT, StandardCharsets.UTF_8), null);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().at("/errors/0/field").asText()).isEqualTo("redirect_uri");
    assertThat(slash.status()).isEqualTo(400);
    assertThat(exact.status()).isEqualTo(200);
    assertThat(a.get("/api/v1/oauth/github/authorize", null).status()).isEqualTo(404);
  }

  @Test
  void an_address_the_provider_does_not_vouch_for_never_links_to_an_account() {
    String dave = signUp("dave@example.com");
    nextPerson("acme", "dave-" + UUID.randomUUID(), "dave@example.com", false);

    ApiClient.Response refused = callback(a, "acme", authorize(a, "acme"));

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("code")).isEqualTo("oauth_login_failed");
    assertThat(a.get("/api/v1/me/identities", dave).body().get("items")).isEmpty();
  }

  @Test
  void a_vouched_address_links_a_verified_account_which_keeps_its_password_and_can_unlink() {
    String erin = signUp("erin@example.com");
    nextPerson("beta", "erin-" + UUID.randomUUID(), "erin@example.com", true);

    ApiClient.Response signedIn = callback(a, "beta", authorize(a, "beta"));

    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(a.get("/api/v1/me", signedIn.text("access_token")).text("email")).isEqualTo("erin@example.com");
    assertThat(mail.sentTo("erin@example.com")).anyMatch(m -> m.subject().startsWith("New sign-in method"));
    String link = a.get("/api/v1/me/identities", erin).body().at("/items/0/id").asText();
    assertThat(a.send("DELETE", "/api/v1/me/identities/" + link, null, signUp("frank@example.com")).status())
        .as("another user's link").isEqualTo(404);
    assertThat(a.send("DELETE", "/api/v1/me/identities/" + link, null, erin).status()).isEqualTo(204);
    assertThat(a.post("/api/v1/login", Map.of("email", "erin@example.com", "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  void the_only_way_a_provider_made_user_signs_in_cannot_be_unlinked() {
    nextPerson("acme", "gina-" + UUID.randomUUID(), "gina@acme.example", true);
    String gina = callback(a, "acme", authorize(a, "acme")).text("access_token");
    String link = a.get("/api/v1/me/identities", gina).body().at("/items/0/id").asText();

    ApiClient.Response refused = a.send("DELETE", "/api/v1/me/identities/" + link, null, gina);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("code")).isEqualTo("last_sign_in_method");
  }

  @Test
  void an_account_registered_with_someone_elses_unverified_address_is_taken_over_by_its_owner() {
    assertThat(a.post("/api/v1/register", Map.of("email", "victim@example.com", "password", PASSWORD)).status())
        .isEqualTo(202);
    nextPerson("acme", "victim-" + UUID.randomUUID(), "victim@example.com", true);

    ApiClient.Response owner = callback(a, "acme", authorize(a, "acme"));

    assertThat(owner.status()).isEqualTo(200);
    assertThat(a.get("/api/v1/me", owner.text("access_token")).body().get("email_verified").asBoolean()).isTrue();
    ApiClient.Response squatter = a.post("/api/v1/login", Map.of("email", "victim@example.com", "password", PASSWORD));
    assertThat(squatter.status()).as("the squatter's password is gone").isEqualTo(401);
    assertThat(squatter.text("code")).isEqualTo("invalid_credentials");
  }

  @Test
  void sign_ins_are_counted_per_provider_and_outcome() {
    PrometheusText before = scrape(a);
    nextPerson("beta", "hal-" + UUID.randomUUID(), "hal@beta.example", true);
    assertThat(callback(a, "beta", authorize(a, "beta")).status()).isEqualTo(200);
    nextPerson("beta", "ian-" + UUID.randomUUID(), "ian@beta.example", false);
    assertThat(callback(a, "beta", authorize(a, "beta")).status()).isEqualTo(401);

    PrometheusText after = scrape(a);

    assertThat(count(after, "beta", "success", "none") - count(before, "beta", "success", "none")).isEqualTo(1);
    assertThat(count(after, "beta", "failure", "no_verified_email")
        - count(before, "beta", "failure", "no_verified_email")).isEqualTo(1);
    assertThat(after.value("keyhold_logins_total", "outcome", "success", "reason", "none"))
        .as("not password logins").isEqualTo(before.value("keyhold_logins_total", "outcome", "success", "reason",
            "none"));
  }

  /** What the provider's redirect back to the application carried. */

  /** Who signs in at {@code issuerId} next, and what the provider says of their address. */
  private static void nextPerson(String issuerId, String subject, String email, boolean verified) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", null,
        Map.of("email", email, "email_verified", verified, "name", "Person " + subject), 3600));
  }

  /** Registers and verifies {@code email} with {@link #PASSWORD} and signs in; the access token. */
  private static String signUp(String email) {
    assertThat(a.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(a.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email))).status()).isEqualTo(200);
    ApiClient.Response login = a.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.text("access_token");
  }

  private static Redirect authorize(ApiClient node, String providerName) {
    return OidcBrowser.authorize(node, providerName, issuer(providerName));
  }

  private static String issuer(String issuerId) {
    return provider.issuerUrl(issuerId).toString();
  }

  private static double count(PrometheusText metrics, String providerName, String outcome, String reason) {
    return metrics.named("keyhold_oauth_logins_total").stream()
        .filter(sample -> sample.labels().equals(Map.of("provider", providerName, "outcome", outcome,
            "reason", reason)))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static PrometheusText scrape(ApiClient node) {
    ApiClient.Response response = node.get("/metrics", null);
    assertThat(response.status()).isEqualTo(200);
    return PrometheusText.parse(response.raw().body());
  }
}
