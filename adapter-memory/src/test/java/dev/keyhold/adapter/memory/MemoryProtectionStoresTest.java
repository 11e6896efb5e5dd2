package dev.keyhold.adapter.memory;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.LockoutStore.State;
import dev.keyhold.identity.spi.RateLimiter.Limit;
import dev.keyhold.identity.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryProtectionStoresTest {

  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Limit LIMIT = new Limit("login-ip", 5, Duration.ofSeconds(10));

  private final MutableClock clock = new MutableClock(T0);
  private final MemoryProtectionStores stores = MemoryProtectionStores.create(clock);

  @Test
  void each_instance_has_its_own_state() {
    MemoryProtectionStores other = MemoryProtectionStores.create();
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), TTL);
    stores.ephemeral().put("mfa:alice", "challenge", TTL);
    for (int i = 0; i < 5; i++) {
      stores.rateLimiter().acquire("203.0.113.7", LIMIT, T0);
    }

    assertThat(other.lockouts().get("alice@example.com")).isEmpty();
    assertThat(other.ephemeral().take("mfa:alice")).isEmpty();
    assertThat(other.rateLimiter().acquire("203.0.113.7", LIMIT, T0).remaining()).isEqualTo(4);
  }

  @Test
  void lockout_counters_expire_exactly_when_the_given_clock_reaches_their_ttl() {
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), TTL);

    clock.advance(TTL.minusNanos(1));
    assertThat(stores.lockouts().get("alice@example.com")).isPresent();

    clock.advance(Duration.ofNanos(1));
    assertThat(stores.lockouts().get("alice@example.com")).isEmpty();
    assertThat(stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), TTL)).isTrue();
  }

  @Test
  void ephemeral_values_expire_exactly_when_the_given_clock_reaches_their_ttl() {
    stores.ephemeral().put("mfa:alice", "first", TTL);
    stores.ephemeral().put("mfa:bob", "second", TTL);

    clock.advance(TTL.minusNanos(1));
    assertThat(stores.ephemeral().take("mfa:alice")).contains("first");

    clock.advance(Duration.ofNanos(1));
    assertThat(stores.ephemeral().take("mfa:bob")).isEmpty();
  }

  @Test
  void expired_lockout_counters_are_swept_on_writes() {
    MemoryLockoutStore lockouts = (MemoryLockoutStore) stores.lockouts();

    for (int i = 0; i < 20 * MemorySweeper.MIN_SWEEP_SIZE; i++) {
      lockouts.replace("user" + i + "@example.com", 0, new State(1, 0, null, 0), TTL);
      clock.advance(TTL);
    }

    assertThat(lockouts.size()).isLessThanOrEqualTo(MemorySweeper.MIN_SWEEP_SIZE);
  }

  @Test
  void expired_ephemeral_values_are_swept_on_writes() {
    MemoryEphemeralStore ephemeral = (MemoryEphemeralStore) stores.ephemeral();

    for (int i = 0; i < 20 * MemorySweeper.MIN_SWEEP_SIZE; i++) {
      ephemeral.put("oauth-state:" + i, "state", TTL);
      clock.advance(TTL);
    }

    assertThat(ephemeral.size()).isLessThanOrEqualTo(MemorySweeper.MIN_SWEEP_SIZE);
  }

  @Test
  void replenished_rate_limit_slots_are_swept_on_requests() {
    MemoryRateLimiter limiter = (MemoryRateLimiter) stores.rateLimiter();
    Instant now = T0;

    for (int i = 0; i < 20 * MemorySweeper.MIN_SWEEP_SIZE; i++) {
      limiter.acquire("ip-" + i, LIMIT, now);
      now = now.plus(LIMIT.period());
    }

    assertThat(limiter.size()).isLessThanOrEqualTo(MemorySweeper.MIN_SWEEP_SIZE);
  }

  @Test
  void sweeping_keeps_every_live_entry() {
    int count = 10 * MemorySweeper.MIN_SWEEP_SIZE;

    IntStream.range(0, count).forEach(i -> stores.ephemeral().put("live:" + i, "value " + i, TTL));

    assertThat(IntStream.range(0, count))
        .allSatisfy(i -> assertThat(stores.ephemeral().take("live:" + i)).contains("value " + i));
  }

  @Test
  void the_version_of_the_counters_is_never_reused() {
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), TTL);
    long first = stores.lockouts().get("alice@example.com").orElseThrow().version();
    clock.advance(TTL);
    stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), TTL);

    assertThat(stores.lockouts().get("alice@example.com").orElseThrow().version()).isNotEqualTo(first);
  }
}
