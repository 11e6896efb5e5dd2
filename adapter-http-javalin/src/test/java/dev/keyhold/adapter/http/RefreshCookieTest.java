package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.TokenReusedException;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The refresh cookie for browser applications: set on login, two-factor login and external sign-in for a request
 * that opts in, taken by {@code /refresh} and {@code /logout}, never accepted without the opt-in header or from an
 * origin not allowed, and never in a body that script could read.
 */
class RefreshCookieTest extends HttpApiTestSupport {

  private static final String APP = "https://app.example.com";
  private static final String LOGIN = "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}";
  private static final String OPT_IN = RefreshCookie.OPT_IN_HEADER;

  /** The refresh tokens the fake sessions have handed out and not seen again, and those used up. */
  private final AtomicReference<String> current = new AtomicReference<>();
  private final Set<String> used = new HashSet<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile boolean revoked;

  @Override
  RefreshCookieSettings refreshCookie() {
    return new RefreshCookieSettings(true, List.of(APP, "http://localhost:5173"), Duration.ofDays(30));
  }

  /** Sessions that rotate like the core: each token works once, and a replay revokes the session. */
  @BeforeEach
  void rotatingSessions() {
    current.set("refresh-token-value");
    used.clear();
    issued.set(0);
    revoked = false;
    sessions.refresh = this::rotate;
  }

  private synchronized IssuedTokens rotate(RotateRefreshToken.Command command) {
    String presented = command.refreshToken();
    if (used.contains(presented)) {
      revoked = true;
      throw new TokenReusedException();
    }
    if (revoked || !presented.equals(current.get())) {
      throw new InvalidTokenException(InvalidTokenException.Kind.REFRESH_TOKEN, "unknown");
    }
    used.add(presented);
    String next = "rotated-" + issued.incrementAndGet();
    current.set(next);
    return new IssuedTokens("header.payload.signature", Duration.ofMinutes(15), next, List.of(),
        new SessionId(UUID.fromString("5e55f1a7-0000-4000-8000-000000000001")));
  }

  @Test
  void a_login_that_opts_in_gets_the_refresh_token_only_in_two_strict_http_only_cookies() {
    Response login = postJson("/api/v1/login", LOGIN, OPT_IN, "1", "Origin", APP);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().has("refresh_token")).as("script never sees it").isFalse();
    assertThat(login.json().get("access_token").asText()).isEqualTo("header.payload.signature");
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    assertThat(login.headers().allValues("Set-Cookie")).containsExactly(
        "keyhold_refresh=refresh-token-value; Path=/api/v1/refresh; Max-Age=2592000; HttpOnly; Secure; "
            + "SameSite=Strict",
        "keyhold_refresh=refresh-token-value; Path=/api/v1/logout; Max-Age=2592000; HttpOnly; Secure; "
            + "SameSite=Strict");
  }

  @Test
  void a_login_without_the_header_is_answered_as_always_and_sets_no_cookie() {
    Response login = postJson("/api/v1/login", LOGIN, "Origin", APP);

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().get("refresh_token").asText()).isEqualTo("refresh-token-value");
    assertThat(login.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void the_second_factor_and_an_external_sign_in_set_it_too() {
    Response mfa = postJson("/api/v1/login/mfa", "{\"mfa_token\": \"t\", \"code\": \"123456\"}", OPT_IN, "1");
    Response external = postJson("/api/v1/oauth/google/callback",
        "{\"code\": \"provider-code\", \"state\": \"" + FakeExternalLogin.STATE + "\"}", OPT_IN, "1");

    for (Response response : List.of(mfa, external)) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().has("refresh_token")).isFalse();
      assertThat(response.headers().allValues("Set-Cookie")).hasSize(2)
          .allSatisfy(cookie -> assertThat(cookie).startsWith("keyhold_refresh=refresh-token-value; "));
    }
  }

  @Test
  void refresh_takes_the_cookie_rotates_it_and_a_replayed_cookie_revokes_the_session() {
    Response first = postEmpty("/api/v1/refresh", "Cookie", "keyhold_refresh=refresh-token-value", OPT_IN, "1",
        "Origin", APP);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().has("refresh_token")).isFalse();
    assertThat(first.headers().allValues("Set-Cookie")).hasSize(2)
        .allSatisfy(cookie -> assertThat(cookie).startsWith("keyhold_refresh=rotated-1; "));
    assertThat(((RotateRefreshToken.Command) sessions.lastCommand).refreshToken()).isEqualTo("refresh-token-value");

    Response second = postEmpty("/api/v1/refresh", "Cookie", "keyhold_refresh=rotated-1", OPT_IN, "1");
    assertThat(second.status()).isEqualTo(200);

    Response replay = postEmpty("/api/v1/refresh", "Cookie", "keyhold_refresh=rotated-1", OPT_IN, "1");
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.code()).isEqualTo("token_reused");
    Response afterReplay = postEmpty("/api/v1/refresh", "Cookie", "keyhold_refresh=rotated-2", OPT_IN, "1");
    assertThat(afterReplay.code()).as("the whole session is gone").isEqualTo("invalid_refresh_token");
  }

  @Test
  void the_cookie_without_the_header_is_refused_as_cross_site_and_nothing_is_used_up() {
    Response refused = postEmpty("/api/v1/refresh", "Cookie", "keyhold_refresh=refresh-token-value", "Origin", APP);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.code()).isEqualTo("csrf_rejected");
    assertThat(sessions.lastCommand).isNull();
    assertThat(postEmpty("/api/v1/logout", "Cookie", "keyhold_refresh=refresh-token-value").code())
        .isEqualTo("csrf_rejected");
    assertThat(sessions.lastCommand).isNull();
  }

  @Test
  void the_header_from_an_origin_not_allowed_is_refused_before_anything_happens() {
    Response refresh = postEmpty("/api/v1/refresh", "Cookie", "keyhold_refresh=refresh-token-value", OPT_IN, "1",
        "Origin", "https://evil.example");
    Response login = postJson("/api/v1/login", LOGIN, OPT_IN, "1", "Origin", "https://app.example.com.evil.example");
    Response opaque = postJson("/api/v1/login", LOGIN, OPT_IN, "1", "Origin", "null");

    for (Response response : List.of(refresh, login, opaque)) {
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.code()).isEqualTo("csrf_rejected");
      assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }
    assertThat(sessions.lastCommand).isNull();
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void an_allowed_origin_matches_in_any_case_and_with_its_port() {
    assertThat(postJson("/api/v1/login", LOGIN, OPT_IN, "1", "Origin", "HTTPS://App.Example.com").status())
        .isEqualTo(200);
    assertThat(postJson("/api/v1/login", LOGIN, OPT_IN, "1", "Origin", "http://localhost:5173").status())
        .isEqualTo(200);
    assertThat(postJson("/api/v1/login", LOGIN, OPT_IN, "1", "Origin", "http://localhost:5174").status())
        .isEqualTo(403);
  }

  @Test
  void opting_in_without_a_cookie_is_an_invalid_refresh_token() {
    Response response = postEmpty("/api/v1/refresh", OPT_IN, "1");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.code()).isEqualTo("invalid_refresh_token");
  }

  @Test
  void a_body_still_works_beside_the_cookie_mode() {
    Response body = postJson("/api/v1/refresh", "{\"refresh_token\": \"refresh-token-value\"}");

    assertThat(body.status()).isEqualTo(200);
    assertThat(body.json().get("refresh_token").asText()).isEqualTo("rotated-1");
    assertThat(body.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void logout_by_cookie_ends_the_session_and_clears_both_cookies() {
    Response logout = postEmpty("/api/v1/logout", "Cookie", "keyhold_refresh=refresh-token-value", OPT_IN, "1",
        "Origin", APP);

    assertThat(logout.status()).isEqualTo(204);
    assertThat(((Logout.Command) sessions.lastCommand).refreshToken()).isEqualTo("refresh-token-value");
    assertThat(logout.headers().allValues("Set-Cookie")).containsExactly(
        "keyhold_refresh=; Path=/api/v1/refresh; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
        "keyhold_refresh=; Path=/api/v1/logout; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
  }

  @Test
  void logout_that_opts_in_without_a_cookie_still_clears_and_ends_nothing() {
    Response logout = postEmpty("/api/v1/logout", OPT_IN, "1");

    assertThat(logout.status()).isEqualTo(204);
    assertThat(logout.headers().allValues("Set-Cookie")).hasSize(2);
    assertThat(sessions.lastCommand).isNull();
  }

  @Test
  void the_document_describes_the_header_the_cookie_and_a_token_response_without_refresh_token() {
    DocumentedApi api = new DocumentedApi(get(DocsRoutes.DOCUMENT_PATH).json());
    Response login = postJson("/api/v1/login", LOGIN, OPT_IN, "1");

    assertThat(api.violations("/components/schemas/TokenResponse", login.json())).isEmpty();
    for (String path : List.of("/api/v1/login", "/api/v1/login/mfa", "/api/v1/refresh", "/api/v1/logout",
        "/api/v1/oauth/{provider}/callback")) {
      DocumentedApi.Operation operation = api.operation("POST", path);
      assertThat(operation.node().get("parameters").findValuesAsText("name")).as(path).contains(OPT_IN);
      assertThat(operation.node().at("/responses/403/$ref").asText()).as(path).contains("csrf_rejected");
      assertThat(operation.node().at("/responses/" + (path.endsWith("logout") ? 204 : 200) + "/headers")
          .has("Set-Cookie")).as(path).isTrue();
    }
    assertThat(api.operation("POST", "/api/v1/refresh").node().at("/requestBody/required").asBoolean()).isFalse();
  }

  private Response postEmpty(String path, String... headers) {
    return post(path, null, "", headers);
  }

  /** A development server on http://localhost: the one case where the cookie goes without {@code Secure}. */
  @Nested
  class OnLocalhost extends HttpApiTestSupport {

    @Override
    RefreshCookieSettings refreshCookie() {
      return new RefreshCookieSettings(false, List.of("http://localhost:8080"), Duration.ofMinutes(5));
    }

    @Test
    void the_cookie_has_no_secure_attribute() {
      Response login = postJson("/api/v1/login", LOGIN, OPT_IN, "1");

      assertThat(login.headers().allValues("Set-Cookie")).hasSize(2).allSatisfy(cookie -> assertThat(cookie)
          .contains("; Max-Age=300; HttpOnly; SameSite=Strict").doesNotContain("Secure"));
    }
  }

  /** With the mode off, the header changes nothing and a cookie is never read. */
  @Nested
  class Off extends HttpApiTestSupport {

    @Test
    void the_header_is_ignored_and_a_cookie_alone_is_a_missing_body() {
      Response login = postJson("/api/v1/login", LOGIN, OPT_IN, "1", "Origin", "https://evil.example");
      assertThat(login.status()).isEqualTo(200);
      assertThat(login.json().get("refresh_token").asText()).isEqualTo("refresh-token-value");
      assertThat(login.headers().allValues("Set-Cookie")).isEmpty();

      Response refresh = post("/api/v1/refresh", null, "", "Cookie", "keyhold_refresh=refresh-token-value", OPT_IN,
          "1");
      assertThat(refresh.status()).isEqualTo(415);
      assertThat(refresh.code()).isEqualTo("unsupported_media_type");
    }
  }
}
