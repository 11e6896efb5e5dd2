package dev.keyhold.identity.core.crypto;

import java.time.Duration;
import java.util.Objects;

/**
 * How much password hashing one node does at once, and how much it lets wait.
 *
 * <p>Each Argon2id hash holds its whole memory cost (19 MiB by default) for its duration, and a core can run only
 * one at a time, so hashes beyond the core count only add memory and latency. {@link BoundedPasswordHasher} runs at
 * most {@code concurrency} hashes, lets at most {@code queue} more wait up to {@code maxWait} each, and refuses the
 * rest at once.
 *
 * <p>Invariants: {@code 1 <= concurrency <= 1024}; {@code 0 <= queue <= 100000}; {@code 0 < maxWait <= 1 minute}.
 *
 * @param concurrency hashes running at once
 * @param queue callers allowed to wait for a free slot
 * @param maxWait how long one caller waits before it is refused
 */
public record HashingLimits(int concurrency, int queue, Duration maxWait) {

  public static final int MAX_CONCURRENCY = 1024;
  public static final int MAX_QUEUE = 100_000;
  public static final Duration MAX_WAIT = Duration.ofMinutes(1);

  /** The default queue holds this many callers per running hash. */
  public static final int QUEUE_PER_SLOT = 8;

  /** The default longest wait. */
  public static final Duration DEFAULT_WAIT = Duration.ofMillis(500);

  public HashingLimits {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException("hashing concurrency must be 1 to " + MAX_CONCURRENCY + ", got " + concurrency);
    }
    if (queue < 0 || queue > MAX_QUEUE) {
      throw new IllegalArgumentException("hashing queue must be 0 to " + MAX_QUEUE + ", got " + queue);
    }
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("hashing queue wait must be more than 0 and at most " + MAX_WAIT + ", got "
          + maxWait);
    }
  }

  /** {@code concurrency} hashes at once, {@value #QUEUE_PER_SLOT} waiting per slot, for up to half a second each. */
  public static HashingLimits of(int concurrency) {
    return new HashingLimits(concurrency, QUEUE_PER_SLOT * concurrency, DEFAULT_WAIT);
  }

  /**
   * One hash per available processor, {@value #QUEUE_PER_SLOT} waiting per processor, for up to half a second each:
   * about four hash times of waiting on a quiet node, and a refusal within well under a second in a flood.
   */
  public static HashingLimits defaults() {
    return of(Math.min(MAX_CONCURRENCY, Runtime.getRuntime().availableProcessors()));
  }
}
