package dev.keyhold.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds (returns the time it took) or a deadline passes (fails). */
final class Await {

  private static final long POLL_MILLIS = 100;

  private Await() {}

  static Duration until(String what, Duration atMost, BooleanSupplier condition) {
    long start = System.nanoTime();
    long deadline = start + atMost.toNanos();
    while (true) {
      boolean done;
      try {
        done = condition.getAsBoolean();
      } catch (RuntimeException e) {
        done = false;
      }
      if (done) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + atMost + ": " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
