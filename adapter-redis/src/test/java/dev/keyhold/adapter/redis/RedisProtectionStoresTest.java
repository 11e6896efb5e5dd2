package dev.keyhold.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.spi.LockoutStore.State;
import dev.keyhold.identity.spi.RateLimiter.Decision;
import dev.keyhold.identity.spi.RateLimiter.Limit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What the contracts leave to the adapter: key layout, ttls, script caching, and data it did not write. */
class RedisProtectionStoresTest {

  private static final Limit FIVE_PER_TEN_SECONDS = new Limit("login-ip", 5, Duration.ofSeconds(10));
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private RedisProtectionStores stores;
  private RedisClient admin;

  @BeforeEach
  void emptyRedis() {
    stores = EmbeddedRedis.shared().emptyStores();
    admin = EmbeddedRedis.shared().admin();
  }

  @Test
  void keys_live_under_the_keyhold_prefix_and_never_contain_the_callers_key() {
    stores.rateLimiter().acquire("alice@example.com", FIVE_PER_TEN_SECONDS, NOW);
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), HOUR);
    stores.ephemeral().put("oauth-state:alice", "verifier", HOUR);

    assertThat(admin.keys("*"))
        .hasSize(3)
        .allSatisfy(key -> assertThat(key).doesNotContain("alice").doesNotContain("oauth-state"))
        .anySatisfy(key -> assertThat(key).matches("keyhold:rl:login-ip:[A-Za-z0-9_-]{43}"))
        .anySatisfy(key -> assertThat(key).matches("keyhold:lock:[A-Za-z0-9_-]{43}"))
        .anySatisfy(key -> assertThat(key).matches("keyhold:eph:[A-Za-z0-9_-]{43}"));
  }

  @Test
  void a_rate_limit_slot_expires_when_the_limit_is_fully_replenished_and_a_refusal_does_not_extend_it() {
    String slot = RedisKeys.rateLimit("login-ip", "203.0.113.7");
    stores.rateLimiter().acquire("203.0.113.7", FIVE_PER_TEN_SECONDS, NOW);
    stores.rateLimiter().acquire("203.0.113.7", FIVE_PER_TEN_SECONDS, NOW);

    assertThat(admin.pttl(slot)).isBetween(3_000L, 4_000L);

    IntStream.range(0, 4).forEach(i -> stores.rateLimiter().acquire("203.0.113.7", FIVE_PER_TEN_SECONDS, NOW));

    assertThat(admin.pttl(slot)).isBetween(9_000L, 10_000L);
  }

  @Test
  void the_slot_holds_the_theoretical_arrival_time_in_epoch_microseconds_of_the_callers_clock() {
    stores.rateLimiter().acquire("203.0.113.7", FIVE_PER_TEN_SECONDS, NOW);

    assertThat(admin.get(RedisKeys.rateLimit("login-ip", "203.0.113.7")))
        .isEqualTo(Long.toString((NOW.toEpochMilli() + 2_000) * 1_000));
  }

  @Test
  void a_limit_with_more_permits_than_its_period_has_milliseconds_counts_in_microseconds() {
    // Seeded rather than reached by a burst: during a burst at one instant of the caller's clock, real time passes
    // and the first ttls (1 ms) could run out, which the caller's frozen clock would not expect.
    Limit twoThousandPerSecond = new Limit("api", 2_000, Duration.ofSeconds(1));
    long nowMicros = NOW.toEpochMilli() * 1_000;
    admin.psetex(RedisKeys.rateLimit("api", "203.0.113.7"), 60_000, Long.toString(nowMicros + 1_999 * 500));

    Decision last = stores.rateLimiter().acquire("203.0.113.7", twoThousandPerSecond, NOW);
    Decision refused = stores.rateLimiter().acquire("203.0.113.7", twoThousandPerSecond, NOW);

    assertThat(last.allowed()).isTrue();
    assertThat(last.remaining()).isZero();
    assertThat(last.resetAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofNanos(500_000));
    assertThat(refused.resetAfter()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void a_period_that_does_not_divide_by_the_permits_still_allows_a_burst_of_exactly_the_permits() {
    Limit threePerTenSeconds = new Limit("register-ip", 3, Duration.ofSeconds(10));

    List<Decision> decisions = IntStream.range(0, 4)
        .mapToObj(i -> stores.rateLimiter().acquire("203.0.113.7", threePerTenSeconds, NOW))
        .collect(Collectors.toList());

    assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, false);
    assertThat(decisions).extracting(Decision::remaining).containsExactly(2, 1, 0, 0);
  }

  @Test
  void a_period_longer_than_ten_years_is_refused() {
    Limit tooLong = new Limit("forever", 1, Duration.ofDays(365L * 11));

    assertThatThrownBy(() -> stores.rateLimiter().acquire("203.0.113.7", tooLong, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lockout_counters_live_for_the_ttl_of_the_last_replace() {
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), HOUR);
    long version = stores.lockouts().get("alice@example.com").orElseThrow().version();

    stores.lockouts().replace("alice@example.com", version, new State(2, 0, null, 0), Duration.ofMinutes(15));

    assertThat(admin.pttl(RedisKeys.lockout("alice@example.com"))).isBetween(14 * 60_000L, 15 * 60_000L);
  }

  @Test
  void a_short_lived_value_lives_for_its_ttl() {
    stores.ephemeral().put("oauth-state:1", "verifier", Duration.ofMinutes(10));

    assertThat(admin.pttl(RedisKeys.ephemeral("oauth-state:1"))).isBetween(9 * 60_000L, 10 * 60_000L);
  }

  @Test
  void a_ttl_under_one_millisecond_is_rounded_up_rather_than_sent_as_zero() {
    stores.ephemeral().put("oauth-state:1", "verifier", Duration.ofNanos(1));
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), Duration.ofNanos(1));

    assertThat(admin.pttl(RedisKeys.ephemeral("oauth-state:1"))).isLessThanOrEqualTo(1);
    assertThat(admin.pttl(RedisKeys.lockout("alice@example.com"))).isLessThanOrEqualTo(1);
  }

  @Test
  void a_ttl_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> stores.ephemeral().put("oauth-state:1", "verifier", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores.ephemeral().put("oauth-state:1", "verifier", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scripts_are_sent_again_when_redis_has_forgotten_them() {
    stores.rateLimiter().acquire("203.0.113.7", FIVE_PER_TEN_SECONDS, NOW);
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), HOUR);

    admin.scriptFlush();

    assertThat(stores.rateLimiter().acquire("203.0.113.7", FIVE_PER_TEN_SECONDS, NOW).remaining()).isEqualTo(3);
    long version = stores.lockouts().get("alice@example.com").orElseThrow().version();
    assertThat(stores.lockouts().replace("alice@example.com", version, new State(2, 0, null, 0), HOUR)).isTrue();
  }

  @Test
  void state_the_adapter_did_not_write_is_reported_as_unavailable_never_as_absent() {
    admin.hset(RedisKeys.ephemeral("oauth-state:1"), Map.of("not", "a string"));
    admin.set(RedisKeys.lockout("alice@example.com"), "not a hash");
    admin.hset(RedisKeys.lockout("bob@example.com"), Map.of("version", "7", "failures", "many"));
    admin.set(RedisKeys.rateLimit("login-ip", "203.0.113.7"), "not a number");

    assertThatThrownBy(() -> stores.ephemeral().take("oauth-state:1")).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> stores.lockouts().get("alice@example.com"))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> stores.lockouts().get("bob@example.com")).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> stores.rateLimiter().acquire("203.0.113.7", FIVE_PER_TEN_SECONDS, NOW))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void a_failure_message_names_the_operation_and_never_the_key() {
    admin.set(RedisKeys.lockout("alice@example.com"), "not a hash");

    assertThatThrownBy(() -> stores.lockouts().get("alice@example.com"))
        .hasMessage("Redis could not read lockout counters.")
        .hasCauseInstanceOf(redis.clients.jedis.exceptions.JedisDataException.class);
  }
}
