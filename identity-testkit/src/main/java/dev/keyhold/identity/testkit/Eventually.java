package dev.keyhold.identity.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that becomes true on its own, such as a value expiring after a real time-to-live that no test
 * clock can move: polls it, parking the thread between tries (1 ms at first, doubling up to 50 ms), and fails when it
 * is still false at the timeout. It waits on the condition, never for a fixed time, and is no substitute for
 * synchronisation between threads.
 */
public final class Eventually {

  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private Eventually() {}

  /**
   * Returns once {@code condition} is true; throws an {@link AssertionError} when it is still false after
   * {@code timeout}. Errors thrown by the condition (such as failed assertions) propagate at once.
   */
  public static void await(Duration timeout, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the condition was still false after " + timeout);
      }
      LockSupport.parkNanos(Math.min(pause, left));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the condition");
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }
}
