package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RateLimiter;
import dev.keyhold.identity.spi.RateLimiter.Decision;
import dev.keyhold.identity.spi.RateLimiter.Limit;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RateLimiter}: every adapter's test extends this class and implements {@link #createEmpty()}.
 *
 * <p>It pins GCRA (the generic cell rate algorithm) with a burst of the whole limit. Most tests use 5 requests per
 * 10 s, so the emission interval is 2 s: 5 requests at one instant are allowed (remaining 4, 3, 2, 1, 0; reset after
 * 2, 4, 6, 8, 10 s), the 6th is refused with retry after 2 s, and each further 2 s of quiet gives back one request.
 *
 * <p>Time is the {@code now} passed to {@link RateLimiter#acquire}, starting at {@link TestTimes#T0}; the contract
 * never reads the wall clock or waits, and a store must not mix {@code now} with a clock of its own (the test dates
 * are not today). Durations are compared to within one millisecond, so a store may keep time in milliseconds.
 */
public abstract class RateLimiterContract {

  private static final Duration PRECISION = Duration.ofMillis(1);
  private static final Limit FIVE_PER_TEN_SECONDS = new Limit("login-ip", 5, Duration.ofSeconds(10));
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  private ProtectionStores stores;
  private RateLimiter limiter;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code rateLimiter()}. A shared
   * store (such as Redis) is emptied here and may return the same instance every time.
   */
  protected abstract ProtectionStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    limiter = stores.rateLimiter();
  }

  @Test
  void working_stores_are_ready() {
    assertThat(stores.isReady()).isTrue();
  }

  @Test
  void a_burst_of_exactly_the_permits_is_allowed_at_one_instant_and_the_next_request_is_refused() {
    for (int i = 0; i < 5; i++) {
      assertThat(acquire("203.0.113.7", T0).allowed()).as("request %d", i + 1).isTrue();
    }

    Decision refused = acquire("203.0.113.7", T0);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertDuration(refused.retryAfter(), INTERVAL);
    assertDuration(refused.resetAfter(), Duration.ofSeconds(10));
  }

  @Test
  void remaining_counts_down_and_reset_after_grows_by_one_interval_per_request() {
    for (int i = 1; i <= 5; i++) {
      Decision decision = acquire("203.0.113.7", T0);

      assertThat(decision.allowed()).as("request %d", i).isTrue();
      assertThat(decision.remaining()).as("remaining after request %d", i).isEqualTo(5 - i);
      assertThat(decision.retryAfter()).as("retry after, request %d", i).isEqualTo(Duration.ZERO);
      assertDuration(decision.resetAfter(), INTERVAL.multipliedBy(i));
    }
  }

  @Test
  void a_limit_of_one_permit_allows_one_request_per_period() {
    Limit onePerMinute = new Limit("resend-email", 1, Duration.ofMinutes(1));

    Decision first = limiter.acquire("alice@example.com", onePerMinute, T0);
    Decision second = limiter.acquire("alice@example.com", onePerMinute, T0.plusSeconds(59));
    Decision third = limiter.acquire("alice@example.com", onePerMinute, T0.plusSeconds(60));

    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isZero();
    assertDuration(first.resetAfter(), Duration.ofMinutes(1));
    assertThat(second.allowed()).isFalse();
    assertDuration(second.retryAfter(), Duration.ofSeconds(1));
    assertThat(third.allowed()).isTrue();
  }

  @Test
  void refused_requests_are_not_counted() {
    exhaust("203.0.113.7", T0);
    for (int i = 0; i < 20; i++) {
      assertThat(acquire("203.0.113.7", T0.plusMillis(50L * i)).allowed()).isFalse();
    }

    Decision afterOneInterval = acquire("203.0.113.7", T0.plus(INTERVAL));

    assertThat(afterOneInterval.allowed()).isTrue();
    assertThat(afterOneInterval.remaining()).isZero();
  }

  @Test
  void retry_after_counts_down_to_the_end_of_the_emission_interval() {
    exhaust("203.0.113.7", T0);

    Decision halfway = acquire("203.0.113.7", T0.plusSeconds(1));
    Decision oneMillisecondBefore = acquire("203.0.113.7", T0.plus(INTERVAL).minusMillis(1));

    assertThat(halfway.allowed()).isFalse();
    assertDuration(halfway.retryAfter(), Duration.ofSeconds(1));
    assertDuration(halfway.resetAfter(), Duration.ofSeconds(9));
    assertThat(oneMillisecondBefore.allowed()).isFalse();
    assertThat(oneMillisecondBefore.retryAfter()).isPositive().isLessThanOrEqualTo(PRECISION.multipliedBy(2));
  }

  @Test
  void one_request_is_allowed_again_after_one_emission_interval() {
    exhaust("203.0.113.7", T0);
    Instant later = T0.plus(INTERVAL);

    Decision allowed = acquire("203.0.113.7", later);
    Decision refused = acquire("203.0.113.7", later);

    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.remaining()).isZero();
    assertDuration(allowed.resetAfter(), Duration.ofSeconds(10));
    assertThat(refused.allowed()).isFalse();
    assertDuration(refused.retryAfter(), INTERVAL);
  }

  @Test
  void requests_are_replenished_in_proportion_to_the_time_elapsed() {
    exhaust("203.0.113.7", T0);
    Instant later = T0.plus(INTERVAL.multipliedBy(3));

    List<Decision> decisions = IntStream.range(0, 4)
        .mapToObj(i -> acquire("203.0.113.7", later))
        .collect(Collectors.toList());

    assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, false);
    assertThat(decisions).extracting(Decision::remaining).containsExactly(2, 1, 0, 0);
    assertDuration(decisions.get(3).retryAfter(), INTERVAL);
  }

  @Test
  void a_partly_replenished_limit_reports_what_remains_and_when_it_is_full() {
    exhaust("203.0.113.7", T0);

    Decision decision = acquire("203.0.113.7", T0.plusSeconds(4));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.remaining()).isEqualTo(1);
    assertDuration(decision.resetAfter(), Duration.ofSeconds(8));
  }

  @Test
  void after_a_full_period_every_request_is_allowed_again() {
    exhaust("203.0.113.7", T0);
    Instant later = T0.plusSeconds(10);

    for (int i = 1; i <= 5; i++) {
      Decision decision = acquire("203.0.113.7", later);
      assertThat(decision.allowed()).as("request %d", i).isTrue();
      assertThat(decision.remaining()).isEqualTo(5 - i);
    }
    assertThat(acquire("203.0.113.7", later).allowed()).isFalse();
  }

  @Test
  void a_request_gives_its_permit_back_after_one_emission_interval() {
    acquire("203.0.113.7", T0);

    Decision decision = acquire("203.0.113.7", T0.plus(INTERVAL));

    assertThat(decision.remaining()).isEqualTo(4);
    assertDuration(decision.resetAfter(), INTERVAL);
  }

  @Test
  void a_long_quiet_spell_never_allows_more_than_the_burst() {
    acquire("203.0.113.7", T0);
    Instant muchLater = T0.plus(Duration.ofDays(3));

    exhaust("203.0.113.7", muchLater);

    assertThat(acquire("203.0.113.7", muchLater).allowed()).isFalse();
  }

  @Test
  void different_keys_are_counted_separately() {
    exhaust("203.0.113.7", T0);

    Decision other = acquire("198.51.100.20", T0);

    assertThat(other.allowed()).isTrue();
    assertThat(other.remaining()).isEqualTo(4);
  }

  @Test
  void different_limits_never_share_a_key() {
    Limit register = new Limit("register-ip", 5, Duration.ofSeconds(10));
    exhaust("203.0.113.7", T0);

    Decision other = limiter.acquire("203.0.113.7", register, T0);

    assertThat(other.allowed()).isTrue();
    assertThat(other.remaining()).isEqualTo(4);
    assertThat(acquire("203.0.113.7", T0).allowed()).isFalse();
  }

  @Test
  void concurrent_requests_at_one_instant_are_allowed_exactly_up_to_the_permits() {
    Limit tenPerMinute = new Limit("login-ip", 10, Duration.ofMinutes(1));
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String key = "192.0.2." + round;

      List<Outcome<Decision>> outcomes = Concurrently.call(64, i -> limiter.acquire(key, tenPerMinute, T0));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Decision> allowed = outcomes.stream()
          .map(Outcome::value)
          .filter(Decision::allowed)
          .collect(Collectors.toList());
      assertThat(allowed).as("round %d", round).hasSize(10);
      assertThat(allowed).extracting(Decision::remaining).as("round %d", round)
          .containsExactlyInAnyOrder(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
      assertThat(limiter.acquire(key, tenPerMinute, T0).allowed()).isFalse();
    }
  }

  private Decision acquire(String key, Instant now) {
    return limiter.acquire(key, FIVE_PER_TEN_SECONDS, now);
  }

  /** Uses up all five requests of {@code key} at {@code now}. */
  private void exhaust(String key, Instant now) {
    for (int i = 0; i < 5; i++) {
      assertThat(acquire(key, now).allowed()).as("request %d of the burst", i + 1).isTrue();
    }
  }

  private static void assertDuration(Duration actual, Duration expected) {
    assertThat(actual).isCloseTo(expected, PRECISION);
  }
}
