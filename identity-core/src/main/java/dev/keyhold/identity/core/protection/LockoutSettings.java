package dev.keyhold.identity.core.protection;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed logins lock an account key (the normalized email, whether or not an account exists).
 *
 * <p>After {@code maxFailures} consecutive failures the key is locked for {@code initialWait} doubled once for every
 * earlier lockout, at most {@code maxWait}; failures while locked are not counted; a success resets everything; the
 * counters are forgotten {@code reset} after the last failure (or when the lock ends, whichever is later).
 *
 * @param maxFailures consecutive failures that start a lockout (default 5)
 * @param initialWait the first lockout (default 60 s)
 * @param maxWait the longest lockout (default 15 minutes)
 * @param reset how long the counters live after the last failure (default 12 hours)
 */
public record LockoutSettings(int maxFailures, Duration initialWait, Duration maxWait, Duration reset) {

  public LockoutSettings {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1");
    }
    requirePositive(initialWait, "initialWait");
    requirePositive(maxWait, "maxWait");
    requirePositive(reset, "reset");
    if (maxWait.compareTo(initialWait) < 0) {
      throw new IllegalArgumentException("maxWait must not be shorter than initialWait");
    }
  }

  /**
   * Five failures, then 60 s, doubling to at most 15 minutes, counters kept for 12 hours: a person who mistypes
   * is barely slowed, while a guesser settles at five guesses per quarter-hour (about 480 a day) once the waits
   * reach the cap. The times are Keycloak's brute-force defaults (wait increment 60 s, maximum wait 15 minutes,
   * failure reset 12 hours); the threshold is lower than Keycloak's 30 because the first waits are short.
   */
  public static LockoutSettings defaults() {
    return new LockoutSettings(5, Duration.ofSeconds(60), Duration.ofMinutes(15), Duration.ofHours(12));
  }

  public LockoutSettings withMaxFailures(int value) {
    return new LockoutSettings(value, initialWait, maxWait, reset);
  }

  public LockoutSettings withInitialWait(Duration value) {
    return new LockoutSettings(maxFailures, value, maxWait, reset);
  }

  public LockoutSettings withMaxWait(Duration value) {
    return new LockoutSettings(maxFailures, initialWait, value, reset);
  }

  public LockoutSettings withReset(Duration value) {
    return new LockoutSettings(maxFailures, initialWait, maxWait, value);
  }

  static Duration requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }
}
