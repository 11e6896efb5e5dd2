package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.spi.LockoutStore;
import dev.keyhold.identity.spi.LockoutStore.State;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link LockoutStore}: every adapter's test extends this class and implements {@link #createEmpty()}.
 *
 * <p>{@code lockedUntil} needs millisecond precision only: the contract writes whole milliseconds and expects them
 * back exactly, so a store may drop finer digits. Versions are opaque; the contract only checks that a stored state
 * has a non-zero version and that a version, once replaced or reset, never matches again.
 *
 * <p>A store such as Redis keeps its own time for time-to-live, so the two expiry tests use real time: a ttl of
 * half a second, and {@link Eventually} polling for the counters to disappear. Every other test uses a
 * ttl of an hour and does not wait.
 */
public abstract class LockoutStoreContract {

  private static final Duration SHORT_TTL = Duration.ofMillis(500);
  private static final Duration LONG_TTL = Duration.ofHours(1);
  private static final Duration EXPIRY_TIMEOUT = Duration.ofSeconds(5);
  private static final Instant LOCKED_UNTIL = T0.truncatedTo(ChronoUnit.MILLIS).plus(15, ChronoUnit.MINUTES);
  private static final int MAX_ATTEMPTS = 1_000;

  private ProtectionStores stores;
  private LockoutStore lockouts;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code lockouts()}. A shared
   * store (such as Redis) is emptied here and may return the same instance every time.
   */
  protected abstract ProtectionStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    lockouts = stores.lockouts();
  }

  @Test
  void working_stores_are_ready() {
    assertThat(stores.isReady()).isTrue();
  }

  @Test
  void a_key_without_counters_has_no_state() {
    assertThat(lockouts.get("alice@example.com")).isEmpty();
  }

  @Test
  void replacing_absent_counters_with_version_zero_stores_them_under_a_non_zero_version() {
    assertThat(lockouts.replace("alice@example.com", 0, counters(3, 1, LOCKED_UNTIL), LONG_TTL)).isTrue();

    State stored = lockouts.get("alice@example.com").orElseThrow();
    assertCounters(stored, counters(3, 1, LOCKED_UNTIL));
    assertThat(stored.version()).isNotZero();
  }

  @Test
  void the_version_given_in_the_new_counters_is_ignored() {
    assertThat(lockouts.replace("alice@example.com", 0, new State(1, 0, null, 7_777), LONG_TTL)).isTrue();
    long version = lockouts.get("alice@example.com").orElseThrow().version();

    assertThat(lockouts.replace("alice@example.com", version, new State(2, 0, null, 7_777), LONG_TTL)).isTrue();

    assertCounters(lockouts.get("alice@example.com").orElseThrow(), counters(2, 0, null));
  }

  @Test
  void replacing_with_the_version_read_succeeds_and_changes_the_version() {
    State first = write("alice@example.com", counters(1, 0, null));

    assertThat(lockouts.replace("alice@example.com", first.version(), counters(2, 0, null), LONG_TTL)).isTrue();

    State second = lockouts.get("alice@example.com").orElseThrow();
    assertCounters(second, counters(2, 0, null));
    assertThat(second.version()).isNotZero().isNotEqualTo(first.version());
  }

  @Test
  void replacing_with_a_stale_version_fails_and_changes_nothing() {
    State first = write("alice@example.com", counters(1, 0, null));
    assertThat(lockouts.replace("alice@example.com", first.version(), counters(2, 0, null), LONG_TTL)).isTrue();
    State current = lockouts.get("alice@example.com").orElseThrow();

    assertThat(lockouts.replace("alice@example.com", first.version(), counters(9, 9, LOCKED_UNTIL), LONG_TTL))
        .isFalse();

    assertThat(lockouts.get("alice@example.com")).contains(current);
  }

  @Test
  void replacing_with_version_zero_when_counters_exist_fails_and_changes_nothing() {
    State current = write("alice@example.com", counters(4, 0, null));

    assertThat(lockouts.replace("alice@example.com", 0, counters(1, 0, null), LONG_TTL)).isFalse();

    assertThat(lockouts.get("alice@example.com")).contains(current);
  }

  @Test
  void replacing_absent_counters_with_a_non_zero_version_fails() {
    State bobs = write("bob@example.com", counters(1, 0, null));

    assertThat(lockouts.replace("alice@example.com", bobs.version(), counters(1, 0, null), LONG_TTL)).isFalse();

    assertThat(lockouts.get("alice@example.com")).isEmpty();
  }

  @Test
  void a_version_read_before_a_reset_never_matches_counters_written_after_it() {
    State before = write("alice@example.com", counters(4, 0, null));
    lockouts.reset("alice@example.com");
    State after = write("alice@example.com", counters(1, 0, null));

    assertThat(lockouts.replace("alice@example.com", before.version(), counters(5, 1, LOCKED_UNTIL), LONG_TTL))
        .isFalse();

    assertThat(lockouts.get("alice@example.com")).contains(after);
  }

  @Test
  void resetting_deletes_the_counters() {
    write("alice@example.com", counters(3, 1, LOCKED_UNTIL));

    lockouts.reset("alice@example.com");

    assertThat(lockouts.get("alice@example.com")).isEmpty();
    assertThat(lockouts.replace("alice@example.com", 0, counters(1, 0, null), LONG_TTL)).isTrue();
  }

  @Test
  void resetting_is_idempotent_and_accepts_keys_without_counters() {
    write("alice@example.com", counters(3, 0, null));

    lockouts.reset("alice@example.com");
    lockouts.reset("alice@example.com");
    lockouts.reset("nobody@example.com");

    assertThat(lockouts.get("alice@example.com")).isEmpty();
    assertThat(lockouts.get("nobody@example.com")).isEmpty();
  }

  @Test
  void keys_are_independent() {
    write("alice@example.com", counters(3, 0, null));
    State bobs = write("bob@example.com", counters(1, 2, LOCKED_UNTIL));

    lockouts.reset("alice@example.com");

    assertThat(lockouts.get("alice@example.com")).isEmpty();
    assertThat(lockouts.get("bob@example.com")).contains(bobs);
  }

  @Test
  void locked_until_round_trips_at_millisecond_precision() {
    Instant lockedUntil = LOCKED_UNTIL.plusMillis(789);

    State stored = write("alice@example.com", counters(0, 2, lockedUntil));

    assertThat(stored.lockedUntil()).isEqualTo(lockedUntil);
  }

  @Test
  void an_absent_locked_until_round_trips_as_null() {
    State stored = write("alice@example.com", counters(2, 3, null));

    assertThat(stored.lockedUntil()).isNull();
    assertThat(stored.failures()).isEqualTo(2);
    assertThat(stored.lockouts()).isEqualTo(3);
  }

  @Test
  void replacing_with_a_ttl_that_is_not_positive_is_rejected_and_changes_nothing() {
    State current = write("alice@example.com", counters(1, 0, null));

    assertThatThrownBy(() -> lockouts.replace("alice@example.com", current.version(), counters(2, 0, null),
        Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lockouts.replace("alice@example.com", current.version(), counters(2, 0, null),
        Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);

    assertThat(lockouts.get("alice@example.com")).contains(current);
  }

  @Test
  void counters_disappear_when_their_ttl_expires() {
    write("alice@example.com", counters(3, 1, LOCKED_UNTIL), SHORT_TTL);
    write("bob@example.com", counters(1, 0, null));

    Eventually.await(EXPIRY_TIMEOUT, () -> lockouts.get("alice@example.com").isEmpty());

    assertThat(lockouts.replace("alice@example.com", 0, counters(1, 0, null), LONG_TTL)).isTrue();
    assertThat(lockouts.get("bob@example.com")).isPresent();
  }

  @Test
  void every_replace_sets_a_new_ttl() {
    State first = write("alice@example.com", counters(1, 0, null), SHORT_TTL);
    assertThat(lockouts.replace("alice@example.com", first.version(), counters(2, 0, null), LONG_TTL)).isTrue();
    write("witness@example.com", counters(1, 0, null), SHORT_TTL);

    // The witness was written after alice's first write with the same ttl, so alice's first ttl is over as well.
    Eventually.await(EXPIRY_TIMEOUT, () -> lockouts.get("witness@example.com").isEmpty());

    assertThat(lockouts.get("alice@example.com"))
        .hasValueSatisfying(state -> assertCounters(state, counters(2, 0, null)));
  }

  @Test
  void concurrent_read_increment_replace_loops_lose_no_update() {
    int threads = 32;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String key = "race" + round + "@example.com";

      List<Outcome<Void>> outcomes = Concurrently.run(threads, i -> recordFailure(key));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(lockouts.get(key).orElseThrow().failures()).as("round %d", round).isEqualTo(threads);
    }
  }

  /** Adds one failure to {@code key} the way the lockout policy does: read, compute, compare-and-set, retry. */
  private void recordFailure(String key) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<State> current = lockouts.get(key);
      long version = current.map(State::version).orElse(0L);
      int failures = current.map(State::failures).orElse(0);
      if (lockouts.replace(key, version, counters(failures + 1, 0, null), LONG_TTL)) {
        return;
      }
    }
    throw new AssertionError("no replace of " + key + " succeeded in " + MAX_ATTEMPTS + " attempts");
  }

  /** Stores {@code next} for a key that has no counters, for an hour, and returns the state read back. */
  private State write(String key, State next) {
    return write(key, next, LONG_TTL);
  }

  private State write(String key, State next, Duration ttl) {
    assertThat(lockouts.replace(key, 0, next, ttl)).as("first write of %s", key).isTrue();
    return lockouts.get(key).orElseThrow();
  }

  private static State counters(int failures, int lockouts, Instant lockedUntil) {
    return new State(failures, lockouts, lockedUntil, 0);
  }

  private static void assertCounters(State actual, State expected) {
    assertThat(actual.failures()).as("failures").isEqualTo(expected.failures());
    assertThat(actual.lockouts()).as("lockouts").isEqualTo(expected.lockouts());
    assertThat(actual.lockedUntil()).as("lockedUntil").isEqualTo(expected.lockedUntil());
  }
}
