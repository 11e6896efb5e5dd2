package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.TooManyRequestsException.Limit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TooManyRequestsTest extends HttpApiTestSupport {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final Limit LOGIN_IP = new Limit("login-ip", 10, Duration.ofMinutes(1), 0, Duration.ofMillis(41_200));

  private Response login(String email) {
    return postJson("/api/v1/login", "{\"email\": \"" + email + "\", \"password\": \"correct horse\"}");
  }

  private Response token(String form) {
    return post("/api/v1/token", FORM, form);
  }

  @Test
  void a_lockout_is_429_too_many_attempts_with_retry_after_and_no_ratelimit_fields() {
    accounts.failWith(TooManyRequestsException.locked(Duration.ofMinutes(15)));

    Response response = login("ada@example.com");

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("too_many_attempts");
    assertThat(response.json().get("type").asText()).isEqualTo("https://keyhold.dev/problems/too_many_attempts");
    assertThat(response.json().get("status").asInt()).isEqualTo(429);
    assertThat(response.json().get("detail").asText()).isEqualTo("Too many failed attempts. Try again later.");
    assertThat(response.header("Retry-After")).isEqualTo("900");
    assertThat(response.headers().firstValue("RateLimit")).isEmpty();
    assertThat(response.headers().firstValue("RateLimit-Policy")).isEmpty();
  }

  @Test
  void a_lockout_answers_the_same_for_any_email() {
    accounts.failWith(TooManyRequestsException.locked(Duration.ofMinutes(15)));

    Response known = login("ada@example.com");
    Response unknown = login("nobody-at-all@example.org");

    assertThat(unknown.status()).isEqualTo(known.status());
    assertThat(unknown.headers().map().keySet()).isEqualTo(known.headers().map().keySet());
    assertThat(unknown.header("Retry-After")).isEqualTo(known.header("Retry-After"));
    assertThat(withoutRequestId(unknown)).isEqualTo(withoutRequestId(known));
    assertThat(unknown.body()).doesNotContain("nobody-at-all", "example.org");
  }

  @Test
  void a_rate_limit_is_429_rate_limited_with_retry_after_and_both_ratelimit_fields() {
    accounts.failWith(TooManyRequestsException.rateLimited(Duration.ofMillis(41_200), LOGIN_IP));

    Response response = login("ada@example.com");

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("rate_limited");
    assertThat(response.json().get("status").asInt()).isEqualTo(429);
    assertThat(response.header("Retry-After")).isEqualTo("42");
    assertThat(response.header("RateLimit-Policy")).isEqualTo("\"login-ip\";q=10;w=60");
    assertThat(response.header("RateLimit")).isEqualTo("\"login-ip\";r=0;t=42");
  }

  @ParameterizedTest(name = "wait {0} ms, reset {1} ms -> Retry-After {2}, t={3}")
  @CsvSource({"1, 1, 1, 1", "250, 400, 1, 1", "999, 999, 1, 1", "1000, 1000, 1, 1", "1001, 1500, 2, 2",
      "2500, 2500, 3, 3", "59999, 60000, 60, 60", "3600000, 3600001, 3600, 3601"})
  void waits_are_sent_in_whole_seconds_rounded_up(long waitMillis, long resetMillis, String retryAfter, long reset) {
    Limit limit = new Limit("register-ip", 5, Duration.ofMillis(1500), 0, Duration.ofMillis(resetMillis));
    accounts.failWith(TooManyRequestsException.rateLimited(Duration.ofMillis(waitMillis), limit));

    Response response = postJson("/api/v1/register", "{\"email\": \"ada@example.com\", \"password\": \"x\"}");

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.header("Retry-After")).isEqualTo(retryAfter);
    assertThat(response.header("RateLimit-Policy")).isEqualTo("\"register-ip\";q=5;w=2");
    assertThat(response.header("RateLimit")).isEqualTo("\"register-ip\";r=0;t=" + reset);
  }

  @Test
  void a_sub_second_lockout_still_asks_for_one_second() {
    accounts.failWith(TooManyRequestsException.locked(Duration.ofMillis(10)));

    assertThat(login("ada@example.com").header("Retry-After")).isEqualTo("1");
  }

  @Test
  void a_429_on_a_bearer_endpoint_is_the_same_problem() {
    sessions.failWith(TooManyRequestsException.rateLimited(Duration.ofSeconds(3), LOGIN_IP));

    Response response = authorized("POST", "/api/v1/logout-all", null);

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.code()).isEqualTo("rate_limited");
    assertThat(response.header("Retry-After")).isEqualTo("3");
  }

  @Test
  void a_lockout_on_the_token_endpoint_is_a_429_oauth_error_without_ratelimit_fields() {
    accounts.failWith(TooManyRequestsException.locked(Duration.ofSeconds(90)));

    Response response = token("grant_type=password&username=ada%40example.com&password=wrong");

    assertOAuth429(response, "too_many_attempts");
    assertThat(response.json().get("error_description").asText())
        .isEqualTo("Too many failed attempts. Try again later.");
    assertThat(response.header("Retry-After")).isEqualTo("90");
    assertThat(response.headers().firstValue("RateLimit")).isEmpty();
    assertThat(response.headers().firstValue("RateLimit-Policy")).isEmpty();
  }

  @Test
  void a_rate_limit_on_the_token_endpoint_is_a_429_oauth_error_with_ratelimit_fields() {
    sessions.failWith(TooManyRequestsException.rateLimited(Duration.ofMillis(300), LOGIN_IP));

    Response response = token("grant_type=refresh_token&refresh_token=old-refresh");

    assertOAuth429(response, "rate_limited");
    assertThat(response.header("Retry-After")).isEqualTo("1");
    assertThat(response.header("RateLimit-Policy")).isEqualTo("\"login-ip\";q=10;w=60");
    assertThat(response.header("RateLimit")).isEqualTo("\"login-ip\";r=0;t=42");
  }

  @Test
  void a_lockout_on_the_token_endpoint_answers_the_same_for_any_username() {
    accounts.failWith(TooManyRequestsException.locked(Duration.ofMinutes(15)));

    Response known = token("grant_type=password&username=ada%40example.com&password=wrong");
    Response unknown = token("grant_type=password&username=nobody%40example.org&password=wrong");

    assertThat(unknown.body()).isEqualTo(known.body());
    assertThat(unknown.header("Retry-After")).isEqualTo(known.header("Retry-After"));
  }

  private static void assertOAuth429(Response response, String error) {
    assertThat(response.status()).isEqualTo(429);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("error").asText()).isEqualTo(error);
    assertThat(response.json().get("error_description").asText()).isNotBlank();
    assertThat(response.json().has("code")).isFalse();
  }

  private static ObjectNode withoutRequestId(Response response) {
    ObjectNode body = (ObjectNode) response.json();
    body.remove("request_id");
    return body;
  }
}
