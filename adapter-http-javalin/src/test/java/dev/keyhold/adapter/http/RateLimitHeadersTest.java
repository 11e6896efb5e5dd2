package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.TooManyRequestsException.Limit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHeadersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"PT0S, 0", "PT-5S, 0", "PT0.000000001S, 1", "PT0.25S, 1", "PT0.999S, 1", "PT1S, 1",
      "PT1.000000001S, 2", "PT2.5S, 3", "PT59.5S, 60", "PT2M, 120", "PT15M, 900", "PT1H0.001S, 3601"})
  void durations_are_whole_seconds_rounded_up(Duration duration, long seconds) {
    assertThat(RateLimitHeaders.seconds(duration)).isEqualTo(seconds);
  }

  @Test
  void durations_beyond_the_largest_structured_field_integer_are_capped() {
    assertThat(RateLimitHeaders.seconds(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
        .isEqualTo(999_999_999_999_999L);
  }

  @Test
  void a_lockout_gets_retry_after_alone() {
    assertThat(RateLimitHeaders.of(TooManyRequestsException.locked(Duration.ofMinutes(15))))
        .containsExactly(entry("Retry-After", "900"));
  }

  @Test
  void retry_after_is_at_least_one_second() {
    assertThat(RateLimitHeaders.of(TooManyRequestsException.locked(Duration.ZERO))).containsEntry("Retry-After", "1");
    assertThat(RateLimitHeaders.of(TooManyRequestsException.locked(Duration.ofMillis(-5))))
        .containsEntry("Retry-After", "1");
  }

  @Test
  void a_rate_limit_gets_retry_after_and_both_ratelimit_fields() {
    Limit limit = new Limit("login-ip", 10, Duration.ofMinutes(1), 0, Duration.ofMillis(41_200));

    assertThat(RateLimitHeaders.of(TooManyRequestsException.rateLimited(Duration.ofMillis(41_200), limit)))
        .containsExactly(
            entry("Retry-After", "42"),
            entry("RateLimit-Policy", "\"login-ip\";q=10;w=60"),
            entry("RateLimit", "\"login-ip\";r=0;t=42"));
  }

  @Test
  void sub_second_windows_and_resets_round_up_and_a_window_is_at_least_one_second() {
    Limit limit = new Limit("burst", 3, Duration.ofMillis(500), 0, Duration.ofMillis(250));

    assertThat(RateLimitHeaders.of(TooManyRequestsException.rateLimited(Duration.ofMillis(250), limit)))
        .containsEntry("Retry-After", "1")
        .containsEntry("RateLimit-Policy", "\"burst\";q=3;w=1")
        .containsEntry("RateLimit", "\"burst\";r=0;t=1");
    Limit zero = new Limit("burst", 3, Duration.ZERO, 0, Duration.ZERO);
    assertThat(RateLimitHeaders.of(TooManyRequestsException.rateLimited(Duration.ZERO, zero)))
        .containsEntry("RateLimit-Policy", "\"burst\";q=3;w=1")
        .containsEntry("RateLimit", "\"burst\";r=0;t=0");
  }

  @Test
  void negative_counts_are_sent_as_zero() {
    Limit limit = new Limit("odd", -1, Duration.ofSeconds(10), -3, Duration.ofSeconds(-2));

    assertThat(RateLimitHeaders.of(TooManyRequestsException.rateLimited(Duration.ofSeconds(1), limit)))
        .containsEntry("RateLimit-Policy", "\"odd\";q=0;w=10")
        .containsEntry("RateLimit", "\"odd\";r=0;t=0");
  }

  @Test
  void the_policy_name_is_a_structured_field_string() {
    assertThat(RateLimitHeaders.structuredString("login-ip")).isEqualTo("\"login-ip\"");
    assertThat(RateLimitHeaders.structuredString("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(RateLimitHeaders.structuredString("caf\u00e9\r\nX-Injected: 1")).isEqualTo("\"cafX-Injected: 1\"");
    assertThat(RateLimitHeaders.structuredString("")).isEqualTo("\"\"");
  }

  private static java.util.Map.Entry<String, String> entry(String name, String value) {
    return java.util.Map.entry(name, value);
  }
}
