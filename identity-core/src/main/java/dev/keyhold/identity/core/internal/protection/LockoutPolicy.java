package dev.keyhold.identity.core.internal.protection;

import dev.keyhold.identity.core.protection.LockoutSettings;
import dev.keyhold.identity.spi.LockoutStore.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed-login lockout as a pure function of one key's counters, the settings and the clock (Keycloak's brute-force
 * detection with exponential waits; NIST SP 800-63B 5.2.2).
 *
 * <p>Invariants: {@code failures} stays below {@code maxFailures} (the failure that reaches it starts a lockout and
 * sets it back to 0); the n-th lockout since the counters were last forgotten lasts {@code initialWait · 2^(n-1)},
 * at most {@code maxWait}; a failure while locked changes nothing; the counters live {@code reset} after the last
 * counted failure, and never less than the lockout they carry.
 */
final class LockoutPolicy {

  /**
   * One counted failure.
   *
   * @param next the counters to store
   * @param ttl how long to keep them
   * @param lockedFor the lockout this failure starts, or {@code null}
   */
  record Failure(State next, Duration ttl, Duration lockedFor) {
    boolean startsLockout() {
      return lockedFor != null;
    }
  }

  private final LockoutSettings settings;
  private final Clock clock;

  LockoutPolicy(LockoutSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** How long the key stays locked from now, or empty when a login may be tried. */
  Optional<Duration> remainingLockout(Optional<State> current) {
    Instant now = clock.instant();
    return current.map(State::lockedUntil)
        .filter(until -> until.isAfter(now))
        .map(until -> Duration.between(now, until));
  }

  /** The counters after one more failure now, or empty when it does not count because the key is locked. */
  Optional<Failure> afterFailure(Optional<State> current) {
    if (remainingLockout(current).isPresent()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    int failures = current.map(State::failures).orElse(0) + 1;
    int lockouts = current.map(State::lockouts).orElse(0);
    if (failures < settings.maxFailures()) {
      return Optional.of(new Failure(new State(failures, lockouts, null, 0), settings.reset(), null));
    }
    Duration lockedFor = lockout(lockouts);
    Duration ttl = lockedFor.compareTo(settings.reset()) > 0 ? lockedFor : settings.reset();
    return Optional.of(new Failure(new State(0, lockouts + 1, now.plus(lockedFor), 0), ttl, lockedFor));
  }

  /** The length of a lockout that follows {@code earlierLockouts} others: wait doubled each time, capped. */
  Duration lockout(int earlierLockouts) {
    Duration wait = settings.initialWait();
    for (int i = 0; i < earlierLockouts && wait.compareTo(settings.maxWait()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : wait;
  }
}
