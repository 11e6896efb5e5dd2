package dev.keyhold.identity.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Failed-login counters per account key (the normalized email, whether or not an account exists), shared by every
 * node. The store keeps state; the lockout policy lives in the core and updates it with compare-and-set. May throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}.
 */
public interface LockoutStore {

  /**
   * One key's counters.
   *
   * @param failures consecutive failures since the last lockout or success
   * @param lockouts how many times the key was locked since the counters last expired or were reset
   * @param lockedUntil until when logins are refused, or {@code null}
   * @param version an opaque version for {@link #replace}; ignored when writing
   */
  record State(int failures, int lockouts, Instant lockedUntil, long version) {}

  /** The key's counters, or empty when it has none (never failed, reset, or expired). */
  Optional<State> get(String key);

  /**
   * Replaces the counters only if they are unchanged since they were read, atomically.
   *
   * @param expectedVersion the version read, or {@code 0} when {@link #get} found nothing
   * @param next the new counters
   * @param ttl how long the counters live without further writes
   * @return true when replaced; false when another writer got there first (read again and retry)
   */
  boolean replace(String key, long expectedVersion, State next, Duration ttl);

  /** Deletes the key's counters (a success resets them). Idempotent. */
  void reset(String key);

  /** Requires a positive ttl; for implementations. */
  static Duration positive(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    return ttl;
  }
}
