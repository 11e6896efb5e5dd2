package dev.keyhold.adapter.redis;

import dev.keyhold.identity.spi.LockoutStore;
import java.time.Duration;

/** Time-to-live arguments for Redis, which counts them in whole milliseconds. */
final class Ttl {

  /** Far beyond any real ttl, and far below what Redis accepts (its expiry instant must fit a signed 64-bit ms). */
  private static final Duration LONGEST = Duration.ofDays(365L * 1000);

  private Ttl() {}

  /**
   * {@code ttl} in milliseconds, rounded up so that a ttl under 1 ms still lives 1 ms, and capped at 1000 years.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive
   */
  static long millis(Duration ttl) {
    Duration positive = LockoutStore.positive(ttl);
    if (positive.compareTo(LONGEST) > 0) {
      return LONGEST.toMillis();
    }
    long millis = positive.toMillis();
    return positive.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
  }
}
