package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The refresh cookie end to end: the real server and core on PostgreSQL, and a client that keeps cookies as a browser
 * does (by path), so that rotation and reuse detection are the core's own, seen through the cookie.
 */
class RefreshCookieFlowTest {

  private static final String PASSWORD = "correct horse battery staple";
  /** A development server on http://localhost: the cookie goes without {@code Secure}, which a jar sends over http. */
  private static final String APP_ORIGIN = "http://localhost:8080";
  private static final String OPT_IN = "X-Keyhold-Refresh-Cookie";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of("REFRESH_COOKIE", "true", "PUBLIC_URL", APP_ORIGIN));

  private static final String EMAIL = "ada@example.com";

  @BeforeAll
  static void register() {
    ApiClient api = server.api();
    assertThat(api.post("/api/v1/register", Map.of("email", EMAIL, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(EMAIL))).status())
        .isEqualTo(200);
  }

  /** A browser: a cookie jar, and the opt-in header and Origin on every request. */
  private static final class Browser {
    final CookieManager jar = new CookieManager();
    final HttpClient http = HttpClient.newBuilder().cookieHandler(jar).build();

    Answer post(String path, String json, String... headers) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
          .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        request.header("Content-Type", "application/json");
      }
      if (headers.length > 0) {
        request.headers(headers);
      }
      try {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body, response.headers().allValues("Set-Cookie"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    Answer optedIn(String path, String json) {
      return post(path, json, OPT_IN, "1", "Origin", APP_ORIGIN);
    }

    /** The refresh cookie the jar would send with a request to {@code path}, if any: matched by path as browsers do. */
    String cookieFor(String path) {
      try {
        List<String> sent = jar.get(URI.create("http://127.0.0.1:" + server.port() + path), Map.of())
            .getOrDefault("Cookie", List.of());
        return sent.stream().flatMap(header -> java.util.Arrays.stream(header.split(";\\s*")))
            .filter(cookie -> cookie.startsWith("keyhold_refresh=")).map(cookie -> cookie.substring(16))
            .findFirst().orElse(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String signIn() {
      Answer login = optedIn("/api/v1/login", "{\"email\": \"" + EMAIL + "\", \"password\": \"" + PASSWORD + "\"}");
      assertThat(login.status()).as(login.toString()).isEqualTo(200);
      return login.body().get("access_token").asText();
    }
  }

  record Answer(int status, JsonNode body, List<String> cookies) {
    String code() {
      return body.path("code").asText(null);
    }
  }

  @Test
  void a_browser_session_lives_on_the_cookie_which_rotates_and_whose_replay_ends_the_session() {
    Browser browser = new Browser();
    String access = browser.signIn();

    assertThat(server.api().get("/api/v1/me", access).status()).isEqualTo(200);
    String first = browser.cookieFor("/api/v1/refresh");
    assertThat(first).isNotBlank().isEqualTo(browser.cookieFor("/api/v1/logout"));
    assertThat(browser.cookieFor("/api/v1/me")).as("sent to the refresh and logout paths only").isNull();

    Answer refreshed = browser.optedIn("/api/v1/refresh", null);
    assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
    assertThat(refreshed.body().has("refresh_token")).isFalse();
    assertThat(server.api().get("/api/v1/me", refreshed.body().get("access_token").asText()).status())
        .isEqualTo(200);
    String second = browser.cookieFor("/api/v1/refresh");
    assertThat(second).isNotEqualTo(first).isEqualTo(browser.cookieFor("/api/v1/logout"));
    assertThat(browser.optedIn("/api/v1/refresh", null).status()).isEqualTo(200);

    Answer replay = new Browser().post("/api/v1/refresh", null, OPT_IN, "1", "Cookie", "keyhold_refresh=" + first);
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.code()).isEqualTo("token_reused");
    Answer afterReplay = browser.optedIn("/api/v1/refresh", null);
    assertThat(afterReplay.code()).as("the session is revoked, the rotated cookie with it")
        .isEqualTo("invalid_refresh_token");
  }

  @Test
  void a_browser_whose_refresh_answer_was_lost_retries_with_the_cookie_it_kept_and_goes_on() {
    Browser browser = new Browser();
    browser.signIn();
    String kept = browser.cookieFor("/api/v1/refresh");
    // the refresh is done, but its answer and the new cookie never reach the browser (sent here from another jar)
    Answer lost = new Browser().post("/api/v1/refresh", null, OPT_IN, "1", "Cookie", "keyhold_refresh=" + kept);
    assertThat(lost.status()).as(lost.toString()).isEqualTo(200);
    assertThat(browser.cookieFor("/api/v1/refresh")).isEqualTo(kept);

    Answer retried = browser.optedIn("/api/v1/refresh", null);

    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(browser.cookieFor("/api/v1/refresh")).isNotEqualTo(kept);
    assertThat(server.api().get("/api/v1/me", retried.body().get("access_token").asText()).status())
        .isEqualTo(200);
    assertThat(browser.optedIn("/api/v1/refresh", null).status()).as("the session goes on").isEqualTo(200);
  }

  @Test
  void logout_by_cookie_ends_the_session_and_the_browser_forgets_the_cookie() {
    Browser browser = new Browser();
    browser.signIn();
    String token = browser.cookieFor("/api/v1/logout");

    Answer logout = browser.optedIn("/api/v1/logout", null);

    assertThat(logout.status()).isEqualTo(204);
    assertThat(browser.cookieFor("/api/v1/refresh")).isNull();
    assertThat(browser.cookieFor("/api/v1/logout")).isNull();
    assertThat(server.api().post("/api/v1/refresh", Map.of("refresh_token", token)).text("code"))
        .isEqualTo("invalid_refresh_token");
  }

  @Test
  void the_cookie_without_the_header_or_from_another_origin_is_refused_and_stays_usable() {
    Browser browser = new Browser();
    browser.signIn();

    Answer bare = browser.post("/api/v1/refresh", null, "Origin", APP_ORIGIN);
    Answer foreign = browser.post("/api/v1/refresh", null, OPT_IN, "1", "Origin", "https://evil.example");

    assertThat(List.of(bare, foreign)).allSatisfy(answer -> {
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.code()).isEqualTo("csrf_rejected");
    });
    assertThat(browser.optedIn("/api/v1/refresh", null).status()).as("nothing was used up").isEqualTo(200);
  }

  @Test
  void a_client_that_does_not_opt_in_is_answered_as_before() {
    ApiClient.Response login = server.api().post("/api/v1/login", Map.of("email", EMAIL, "password", PASSWORD));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.text("refresh_token")).isNotBlank();
    assertThat(login.raw().headers().allValues("Set-Cookie")).isEmpty();
  }
}
