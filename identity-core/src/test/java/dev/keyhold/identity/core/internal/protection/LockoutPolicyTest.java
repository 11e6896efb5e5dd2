package dev.keyhold.identity.core.internal.protection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.core.protection.LockoutSettings;
import dev.keyhold.identity.spi.LockoutStore.State;
import dev.keyhold.identity.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {

  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final LockoutPolicy policy = new LockoutPolicy(LockoutSettings.defaults(), clock);

  @Test
  void failures_below_the_threshold_are_counted_and_kept_for_the_reset_period() {
    LockoutPolicy.Failure first = policy.afterFailure(Optional.empty()).orElseThrow();
    LockoutPolicy.Failure fourth =
        policy.afterFailure(Optional.of(new State(3, 2, null, 7))).orElseThrow();

    assertThat(first.next()).isEqualTo(new State(1, 0, null, 0));
    assertThat(first.ttl()).isEqualTo(Duration.ofHours(12));
    assertThat(first.startsLockout()).isFalse();
    assertThat(fourth.next()).isEqualTo(new State(4, 2, null, 0));
  }

  @Test
  void the_fifth_failure_starts_a_lockout_and_sets_the_failures_back_to_zero() {
    LockoutPolicy.Failure fifth = policy.afterFailure(Optional.of(new State(4, 0, null, 7))).orElseThrow();

    assertThat(fifth.startsLockout()).isTrue();
    assertThat(fifth.lockedFor()).isEqualTo(Duration.ofSeconds(60));
    assertThat(fifth.next()).isEqualTo(new State(0, 1, T0.plusSeconds(60), 0));
    assertThat(policy.remainingLockout(Optional.of(fifth.next()))).hasValue(Duration.ofSeconds(60));
  }

  @Test
  void a_failure_while_locked_is_not_counted_and_one_after_the_lockout_is() {
    State locked = new State(0, 1, T0.plusSeconds(60), 7);

    assertThat(policy.afterFailure(Optional.of(locked))).isEmpty();
    clock.advance(Duration.ofSeconds(60));
    assertThat(policy.remainingLockout(Optional.of(locked))).isEmpty();
    assertThat(policy.afterFailure(Optional.of(locked)).orElseThrow().next()).isEqualTo(new State(1, 1, null, 0));
  }

  @Test
  void lockouts_double_from_60_seconds_and_stop_at_15_minutes_even_after_very_many() {
    assertThat(policy.lockout(0)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.lockout(1)).isEqualTo(Duration.ofSeconds(120));
    assertThat(policy.lockout(2)).isEqualTo(Duration.ofSeconds(240));
    assertThat(policy.lockout(3)).isEqualTo(Duration.ofSeconds(480));
    assertThat(policy.lockout(4)).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.lockout(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void the_counters_outlive_a_lockout_longer_than_the_reset_period() {
    LockoutPolicy shortMemory = new LockoutPolicy(LockoutSettings.defaults().withMaxFailures(1)
        .withInitialWait(Duration.ofMinutes(10)).withMaxWait(Duration.ofHours(1)).withReset(Duration.ofMinutes(5)),
        clock);

    LockoutPolicy.Failure failure = shortMemory.afterFailure(Optional.of(new State(0, 2, null, 3))).orElseThrow();

    assertThat(failure.lockedFor()).isEqualTo(Duration.ofMinutes(40));
    assertThat(failure.ttl()).isEqualTo(Duration.ofMinutes(40));
  }
}
