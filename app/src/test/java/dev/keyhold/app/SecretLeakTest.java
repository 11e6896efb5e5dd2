package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing secret reaches the log, during every flow that handles one: start-up with a bootstrap administrator, a
 * key-encryption key and a database password; registration, verification, login, refresh, reuse, password change and
 * reset, the pages of mailed links and a mistyped link, invitations, the OAuth token endpoint, logout, failed and
 * locked logins, rejected tokens and headers, two-factor enrolment, sign-in with codes and recovery codes and their
 * refusals, sign-in through an OpenID provider (mock-oauth2-server) with its refusals, and an unexpected failure with
 * its stack trace. Our own loggers run at TRACE meanwhile, so a secret in a debug line counts too. Every secret is
 * looked for as it is and JSON-escaped, tokens also as their stored SHA-256, and TOTP secrets, recovery codes,
 * {@code otpauth} URIs and codes in their further forms; the provider's client secret, the codes, states, nonces and
 * PKCE verifiers of external sign-ins, and any token the provider issued ({@link LeakScanner}, whose own test shows it
 * finds planted secrets).
 */
class SecretLeakTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LeakScanner secrets = new LeakScanner();
  private final MockOAuth2Server provider = new MockOAuth2Server();
  private static final HttpClient BROWSER = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void startProvider() {
    provider.start();
  }

  @AfterEach
  void stopProvider() {
    provider.shutdown();
  }

  /**
   * What Keyhold sent the provider and the test never saw: every PKCE verifier, nonce and code at the token endpoint,
   * and the client's credentials, each registered as a secret.
   */
  private void providerRequests() {
    int verifiers = 0;
    int nonces = 0;
    for (RecordedRequest request = nextRequest(); request != null; request = nextRequest()) {
      String path = request.getPath() == null ? "" : request.getPath();
      if (path.contains("/token")) {
        Map<String, String> form = form(request.getBody().readUtf8());
        secrets.secret("PKCE verifier " + ++verifiers, form.get("code_verifier"));
        secrets.secret("code at the token endpoint " + verifiers, form.get("code"));
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
          secrets.secret("client credentials header " + verifiers, authorization);
          secrets.secret("client credentials " + verifiers, authorization.substring("Basic ".length()));
        }
      } else if (path.contains("/authorize")) {
        secrets.secret("nonce " + ++nonces, form(path.substring(path.indexOf('?') + 1)).get("nonce"));
      }
    }
    assertThat(verifiers).as("token requests seen").isGreaterThanOrEqualTo(2);
    assertThat(nonces).as("authorization requests seen").isGreaterThanOrEqualTo(4);
  }

  /** The next request the provider recorded, or {@code null} when it has none left (it throws then). */
  private RecordedRequest nextRequest() {
    try {
      return provider.takeRequest(1, TimeUnit.SECONDS);
    } catch (RuntimeException none) {
      return null;
    }
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new HashMap<>();
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  @Test
  void no_password_token_key_or_authorization_header_is_ever_logged() throws Exception {
    String dbPassword = "db-" + random();
    String adminPassword = "Adm\"in\\" + random();
    Map<String, String> env = new HashMap<>(TestDatabase.serverEnvironment(Map.of(
        "BOOTSTRAP_ADMIN_EMAIL", "root@example.com",
        "BOOTSTRAP_ADMIN_PASSWORD", adminPassword,
        "LOCKOUT_MAX_FAILURES", "3")));
    // The embedded PostgreSQL trusts local connections, so the password is carried everywhere but never checked.
    env.put("DATABASE_URL", env.get("DATABASE_URL").replace("postgresql://postgres@",
        "postgresql://postgres:" + dbPassword + "@"));
    secrets.secret("database password", dbPassword)
        .secret("DATABASE_URL", env.get("DATABASE_URL"))
        .secret("bootstrap admin password", adminPassword)
        .base64Key("KEY_ENCRYPTION_KEY", env.get("KEY_ENCRYPTION_KEY"));
    // a rotation under way: the previous key is never logged either
    env.put("KEY_ENCRYPTION_KEY_PREVIOUS", dev.keyhold.identity.core.crypto.KeyEncryption.generate().encodedKey());
    secrets.base64Key("KEY_ENCRYPTION_KEY_PREVIOUS", env.get("KEY_ENCRYPTION_KEY_PREVIOUS"));

    String clientSecret = "acme-client-" + random();
    env.putAll(Map.of("OIDC_PROVIDERS", "acme", "OIDC_ACME_ISSUER", provider.issuerUrl("acme").toString(),
        "OIDC_ACME_CLIENT_ID", "keyhold-acme", "OIDC_ACME_CLIENT_SECRET", clientSecret,
        "OIDC_ACME_REDIRECT_URI", "http://localhost:3000/oauth/acme/callback", "OIDC_ACME_DISPLAY_NAME", "Acme"));
    secrets.secret("the provider's client secret", clientSecret)
        .secret("the provider's client secret, form-encoded", URLEncoder.encode(clientSecret, StandardCharsets.UTF_8))
        .tokensIssuedBy("a token the provider issued", provider.issuerUrl("acme").toString());

    CapturingMailer mail = new CapturingMailer();
    // The provider's own log is the provider's: only Keyhold's is under test.
    try (LogCapture capture = LogCapture.start(Map.of(
        "dev.keyhold", Level.TRACE, "keyhold", Level.TRACE, "com.zaxxer.hikari", Level.DEBUG,
        "no.nav.security", Level.OFF, "com.nimbusds", Level.TRACE))) {
      try (KeyholdServer server = TestServers.start(Config.fromEnvironment(env), mail, true)) {
        Flow flow = new Flow(new ApiClient(server.port()), mail, env);
        flow.run();
        await().atMost(Duration.ofSeconds(5)).until(() -> capture.lines().stream()
            .anyMatch(line -> line.path("request_id").asText().equals(Flow.LAST_REQUEST)
                && line.path("logger").asText().equals("keyhold.access")));
      }

      providerRequests();
      String output = capture.rendered();
      assertThat(secrets.size()).as("secrets looked for").isGreaterThan(40);
      assertTheCaptureSawTheFlow(capture.lines());
      assertThat(secrets.scan(output)).as("secrets in the log").isEmpty();
    }
  }

  /** Guards against a vacuous pass: the capture must hold the lines a leak would have been in. */
  private static void assertTheCaptureSawTheFlow(List<JsonNode> lines) {
    List<String> access = lines.stream().filter(l -> l.path("logger").asText().equals("keyhold.access"))
        .map(l -> l.path("message").asText()).toList();
    assertThat(access).anyMatch(m -> m.startsWith("POST /api/v1/login 200 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/refresh 401 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/password-reset/confirm 204 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/invitations/accept 200 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/token 200 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/token 403 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/me/mfa/totp 201 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/me/mfa/totp/confirm 200 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/login/mfa 200 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/login/mfa 401 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/me/mfa/recovery-codes 200 "))
        .anyMatch(m -> m.startsWith("DELETE /api/v1/me/mfa/totp 204 "))
        .anyMatch(m -> m.startsWith("DELETE /api/v1/admin/users/{id}/mfa 204 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/login 429 "))
        .anyMatch(m -> m.startsWith("GET /api/v1/oauth/{provider}/authorize 200 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/oauth/{provider}/callback 200 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/oauth/{provider}/callback 400 "))
        .anyMatch(m -> m.startsWith("POST /api/v1/oauth/{provider}/callback 401 "))
        .anyMatch(m -> m.startsWith("GET /api/v1/me 500 "))
        .anyMatch(m -> m.startsWith("GET /reset-password 200 "))
        .anyMatch(m -> m.startsWith("GET /invitations/accept 200 "))
        .anyMatch(m -> m.startsWith("GET - 404 ") && m.endsWith(" path=/reset-pasword"));
    assertThat(lines).anyMatch(l -> l.path("level").asText().equals("ERROR") && l.has("stack_trace"));
    assertThat(lines).anyMatch(l -> l.has("user_id"));
    assertThat(lines).anyMatch(l -> l.path("message").asText().startsWith("Bootstrap administrator"));
    assertThat(lines).anyMatch(l -> l.path("level").asText().equals("DEBUG"));
  }

  private static String random() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The requests, each secret it sends or receives registered with the scanner as it appears. */
  private final class Flow {

    static final String LAST_REQUEST = "leak-test-last";

    private int signIns;

    private final ApiClient api;
    private final CapturingMailer mail;
    private final Map<String, String> env;

    Flow(ApiClient api, CapturingMailer mail, Map<String, String> env) {
      this.api = api;
      this.mail = mail;
      this.env = env;
    }

    void run() throws Exception {
      String adaPassword = password("ada's first password");
      register("ada@example.com", adaPassword);
      ApiClient.Response login = login("ada@example.com", adaPassword, 200);
      String access = token("ada's first access token", login.text("access_token"));
      String refresh = token("ada's first refresh token", login.text("refresh_token"));

      ApiClient.Response refreshed = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
      assertThat(refreshed.status()).isEqualTo(200);
      token("ada's refreshed access token", refreshed.text("access_token"));
      token("ada's rotated refresh token", refreshed.text("refresh_token"));
      assertThat(api.get("/api/v1/me", refreshed.text("access_token")).status()).isEqualTo(200);
      ApiClient.Response again = api.post("/api/v1/refresh", Map.of("refresh_token", refreshed.text("refresh_token")));
      assertThat(again.status()).isEqualTo(200);
      token("ada's refreshed-again access token", again.text("access_token"));
      token("ada's rotated-again refresh token", again.text("refresh_token"));
      assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", refresh)).text("code"))
          .isEqualTo("token_reused");

      login = login("ada@example.com", adaPassword, 200);
      access = token("ada's second access token", login.text("access_token"));
      token("ada's second refresh token", login.text("refresh_token"));
      String changed = password("ada's changed password");
      assertThat(api.post("/api/v1/me/password",
          Map.of("current_password", adaPassword, "new_password", changed), access).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/me/password",
          Map.of("current_password", password("a wrong current password"), "new_password", password("unused")),
          token("ada's third access token", login("ada@example.com", changed, 200).text("access_token")))
          .status()).isEqualTo(401);

      assertThat(api.post("/api/v1/password-reset/request", Map.of("email", "ada@example.com")).status())
          .isEqualTo(202);
      String resetToken = token("reset link token", mail.lastTokenSentTo("ada@example.com"));
      // the link's page, opened as a browser or a mail scanner would, and a mistyped link that matches no route
      assertThat(api.get("/reset-password?token=" + resetToken, null).status()).isEqualTo(200);
      assertThat(api.get("/reset-pasword?token=" + resetToken, null).status()).isEqualTo(404);
      String reset = password("ada's reset password");
      assertThat(api.post("/api/v1/password-reset/confirm", Map.of("token", resetToken, "new_password", reset))
          .status()).isEqualTo(204);
      assertThat(api.post("/api/v1/password-reset/confirm",
          Map.of("token", token("a made-up reset token", random() + random()), "new_password", password("x")))
          .status()).isEqualTo(400);

      login = login("ada@example.com", reset, 200);
      String adaAccess = token("ada's access token after the reset", login.text("access_token"));
      String adaRefresh = token("ada's refresh token after the reset", login.text("refresh_token"));
      String org = api.post("/api/v1/orgs", Map.of("name", "Leak test", "slug", "leak-test"), adaAccess).text("id");
      assertThat(api.post("/api/v1/orgs/" + org + "/invite", Map.of("email", "bob@example.com", "role", "member"),
          adaAccess).status()).isEqualTo(201);
      String invitation = token("invitation token", mail.lastTokenSentTo("bob@example.com"));
      assertThat(api.get("/invitations/accept?token=" + invitation, null).status()).isEqualTo(200);
      // the route takes no query parameters: refused (400), and its access line must still not hold the token
      assertThat(api.get("/api/v1/orgs/" + org + "?access_token=" + adaAccess, adaAccess).status()).isEqualTo(400);

      String bobPassword = password("bob's password");
      register("bob@example.com", bobPassword);
      String bobAccess = token("bob's access token",
          login("bob@example.com", bobPassword, 200).text("access_token"));
      assertThat(api.post("/api/v1/invitations/accept", Map.of("token", invitation), bobAccess).status())
          .isEqualTo(200);
      assertThat(api.post("/api/v1/me/email", Map.of("new_email", "bob.new@example.com",
          "current_password", bobPassword), bobAccess).status()).isEqualTo(202);
      String emailChange = token("email change token", mail.lastTokenSentTo("bob.new@example.com"));
      assertThat(api.get("/confirm-email?token=" + emailChange, null).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/confirm-email", Map.of("token", emailChange)).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/confirm-email", Map.of("token", emailChange)).status()).isEqualTo(400);
      bobAccess = token("bob's access token at his new address",
          login("bob.new@example.com", bobPassword, 200).text("access_token"));
      ApiClient.Response byPassword = api.postForm("/api/v1/token", "grant_type=password&username="
          + URLEncoder.encode("bob.new@example.com", StandardCharsets.UTF_8) + "&password="
          + URLEncoder.encode(bobPassword, StandardCharsets.UTF_8));
      assertThat(byPassword.status()).isEqualTo(200);
      token("bob's token-endpoint access token", byPassword.text("access_token"));
      String bobRefresh = token("bob's token-endpoint refresh token", byPassword.text("refresh_token"));
      ApiClient.Response byRefresh = api.postForm("/api/v1/token", "grant_type=refresh_token&refresh_token="
          + bobRefresh);
      token("bob's refreshed token-endpoint access token", byRefresh.text("access_token"));
      token("bob's refreshed token-endpoint refresh token", byRefresh.text("refresh_token"));

      assertThat(api.post("/api/v1/logout", Map.of("refresh_token", adaRefresh)).status()).isEqualTo(204);
      assertThat(api.post("/api/v1/logout-all", Map.of(), bobAccess).status()).isEqualTo(200);

      login("ada@example.com", password("a wrong password for ada"), 401);
      for (int i = 0; i < 3; i++) {
        login("mallory@example.com", password("mallory's guess " + i), 401);
      }
      login("mallory@example.com", password("mallory's last guess"), 429);
      assertThat(api.get("/api/v1/me", secret("a forged bearer token", "forged." + random() + "." + random()))
          .status()).isEqualTo(401);
      assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", token("a made-up refresh token", random())))
          .status()).isEqualTo(401);
      String basic = "Basic " + Base64.getEncoder().encodeToString(
          ("ada@example.com:" + reset).getBytes(StandardCharsets.UTF_8));
      assertThat(api.get("/api/v1/me", null, Map.of("Authorization", secret("a Basic authorization", basic)))
          .status()).isEqualTo(401);

      String adminAccess = token("the administrator's access token",
          login("root@example.com", env.get("BOOTSTRAP_ADMIN_PASSWORD"), 200).text("access_token"));
      assertThat(api.get("/api/v1/admin/users", adminAccess).status()).isEqualTo(200);

      twoFactor(adminAccess);
      externalSignIn();
      unexpectedFailure();
    }

    /** Erin turns on two-factor sign-in, signs in with codes and recovery codes, and loses it all again. */
    private void twoFactor(String adminAccess) {
      String erinPassword = password("erin's password");
      register("erin@example.com", erinPassword);
      String erinAccess = token("erin's access token", login("erin@example.com", erinPassword, 200)
          .text("access_token"));
      String erinId = api.get("/api/v1/me", erinAccess).text("id");
      assertThat(api.post("/api/v1/me/mfa/totp", Map.of("current_password", password("erin's wrong password")),
          erinAccess).status()).isEqualTo(401);
      ApiClient.Response started = api.post("/api/v1/me/mfa/totp", Map.of("current_password", erinPassword),
          erinAccess);
      assertThat(started.status()).isEqualTo(201);
      secrets.totpSecret("erin's totp secret", started.text("secret"))
          .uri("erin's otpauth uri", started.text("otpauth_uri"))
          .secret("erin's qr code", started.text("qr_svg"));
      Authenticator app = new Authenticator(started.text("secret"));

      assertThat(api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", code("a wrong confirming code",
          app.wrongCode())), erinAccess).status()).isEqualTo(401);
      ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm",
          Map.of("code", code("the confirming code", app.nextCode())), erinAccess);
      assertThat(confirmed.status()).isEqualTo(200);
      List<String> recoveryCodes = recoveryCodes("erin's first recovery code", confirmed);

      // two wrong answers so far, and the lockout (3) is reset only by a whole login: that comes first
      String mfaToken = token("erin's first mfa token",
          login("erin@example.com", erinPassword, 200).text("mfa_token"));
      ApiClient.Response signedIn = api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken,
          "code", code("the sign-in code", app.nextCode())));
      assertThat(signedIn.status()).isEqualTo(200);
      token("erin's second-factor access token", signedIn.text("access_token"));
      token("erin's second-factor refresh token", signedIn.text("refresh_token"));
      assertThat(api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken, "recovery_code", recoveryCodes.get(1)))
          .status()).as("a used mfa token").isEqualTo(401);

      String secondToken = token("erin's second mfa token",
          login("erin@example.com", erinPassword, 200).text("mfa_token"));
      assertThat(api.post("/api/v1/login/mfa", Map.of("mfa_token", secondToken,
          "code", code("a wrong sign-in code", app.wrongCode()))).status()).isEqualTo(401);
      ApiClient.Response byRecovery = api.post("/api/v1/login/mfa", Map.of("mfa_token", secondToken,
          "recovery_code", recoveryCodes.get(0)));
      assertThat(byRecovery.status()).isEqualTo(200);
      token("erin's recovery-code access token", byRecovery.text("access_token"));
      token("erin's recovery-code refresh token", byRecovery.text("refresh_token"));

      ApiClient.Response grant = api.postForm("/api/v1/token", "grant_type=password&username="
          + URLEncoder.encode("erin@example.com", StandardCharsets.UTF_8) + "&password="
          + URLEncoder.encode(erinPassword, StandardCharsets.UTF_8));
      assertThat(grant.status()).isEqualTo(403);
      ApiClient.Response byGrant = api.post("/api/v1/login/mfa", Map.of("mfa_token",
          token("erin's token-endpoint mfa token", grant.text("mfa_token")), "recovery_code", recoveryCodes.get(2)));
      assertThat(byGrant.status()).isEqualTo(200);
      token("erin's token-endpoint access token", byGrant.text("access_token"));
      token("erin's token-endpoint refresh token", byGrant.text("refresh_token"));

      ApiClient.Response replaced = api.post("/api/v1/me/mfa/recovery-codes",
          Map.of("code", code("the replacing code", app.nextCode())), erinAccess);
      assertThat(replaced.status()).isEqualTo(200);
      List<String> fresh = recoveryCodes("erin's replaced recovery code", replaced);
      assertThat(api.send("DELETE", "/api/v1/me/mfa/totp", Map.of("current_password", erinPassword,
          "code", fresh.get(0)), erinAccess).status()).isEqualTo(204);
      assertThat(api.send("DELETE", "/api/v1/admin/users/" + erinId + "/mfa", null, adminAccess).status())
          .isEqualTo(204);
    }

    /**
     * Sign-in through an OpenID provider: a first sign-in, its state replayed, a code the provider refuses, and an
     * address it does not vouch for.
     */
    private void externalSignIn() throws Exception {
      provider.enqueueCallback(new DefaultOAuth2TokenCallback("acme", "ola-at-acme", "JWT", null,
          Map.of("email", "ola@example.com", "email_verified", true), 3600));
      String[] redirect = authorize();
      ApiClient.Response signedIn = api.post("/api/v1/oauth/acme/callback",
          Map.of("code", redirect[0], "state", redirect[1]));
      assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
      token("ola's access token", signedIn.text("access_token"));
      token("ola's refresh token", signedIn.text("refresh_token"));
      assertThat(api.post("/api/v1/oauth/acme/callback", Map.of("code", redirect[0], "state", redirect[1]))
          .status()).as("a replayed state").isEqualTo(400);

      String[] refused = authorize();
      assertThat(api.post("/api/v1/oauth/acme/callback", Map.of("code",
          secret("a made-up provider code", "made-up-" + random()), "state", refused[1])).status())
          .isEqualTo(401);

      provider.enqueueCallback(new DefaultOAuth2TokenCallback("acme", "pat-at-acme", "JWT", null,
          Map.of("email", "ada@example.com", "email_verified", false), 3600));
      String[] unvouched = authorize();
      assertThat(api.post("/api/v1/oauth/acme/callback", Map.of("code", unvouched[0], "state", unvouched[1]))
          .status()).isEqualTo(401);
      authorize(); // a sign-in that is never finished
    }

    /** Starts a sign-in and plays the browser at the provider: the code and the state of its redirect back. */
    private String[] authorize() throws Exception {
      ApiClient.Response started = api.get("/api/v1/oauth/acme/authorize", null);
      assertThat(started.status()).isEqualTo(200);
      int n = ++signIns;
      String state = token("oauth state " + n, started.text("state"));
      secrets.uri("authorization url " + n, started.text("authorization_url"));
      HttpResponse<Void> atProvider = BROWSER.send(HttpRequest.newBuilder(
          URI.create(started.text("authorization_url"))).GET().build(), HttpResponse.BodyHandlers.discarding());
      assertThat(atProvider.statusCode()).isEqualTo(302);
      String location = atProvider.headers().firstValue("Location").orElseThrow();
      Map<String, String> back = form(location.substring(location.indexOf('?') + 1));
      assertThat(back).containsEntry("state", state);
      return new String[] {secret("provider code " + n, back.get("code")), state};
    }

    private List<String> recoveryCodes(String name, ApiClient.Response response) {
      List<String> codes = new java.util.ArrayList<>();
      response.body().get("recovery_codes").forEach(code -> codes.add(code.asText()));
      assertThat(codes).hasSize(10);
      for (int i = 0; i < codes.size(); i++) {
        secrets.recoveryCode(name + " " + i, codes.get(i));
      }
      return codes;
    }

    private String code(String name, String value) {
      secrets.code(name, value);
      return value;
    }

    /** Carol's row gets a status no version of Keyhold writes, so reading her profile fails unexpectedly: a 500. */
    private void unexpectedFailure() throws Exception {
      String carolPassword = password("carol's password");
      register("carol@example.com", carolPassword);
      String carolAccess = token("carol's access token",
          login("carol@example.com", carolPassword, 200).text("access_token"));
      try (Connection db = TestDatabase.connect(env); Statement sql = db.createStatement()) {
        sql.execute("ALTER TABLE users DROP CONSTRAINT users_status_check");
        sql.execute("UPDATE users SET status = 'tampered' WHERE email_normalized = 'carol@example.com'");
      }
      assertThat(api.get("/api/v1/me", carolAccess, Map.of("X-Request-Id", LAST_REQUEST)).status()).isEqualTo(500);
    }

    private void register(String email, String password) {
      assertThat(api.post("/api/v1/register", Map.of("email", email, "password", password)).status())
          .isEqualTo(202);
      String verify = token("verification token of " + email, mail.lastTokenSentTo(email));
      assertThat(api.post("/api/v1/verify-email", Map.of("token", verify)).status()).isEqualTo(200);
    }

    private ApiClient.Response login(String email, String password, int status) {
      ApiClient.Response response = api.post("/api/v1/login", Map.of("email", email, "password", password));
      assertThat(response.status()).as(response.toString()).isEqualTo(status);
      return response;
    }

    private String password(String name) {
      return secret(name, "Pw " + random());
    }

    private String secret(String name, String value) {
      secrets.secret(name, value);
      return value;
    }

    /** A token, and the {@code Authorization} header value that carries it. */
    private String token(String name, String value) {
      assertThat(value).as(name).isNotBlank();
      secrets.token(name, value);
      secrets.secret(name + " as an Authorization header", "Bearer " + value);
      return value;
    }
  }
}
