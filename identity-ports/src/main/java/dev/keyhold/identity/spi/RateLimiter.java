package dev.keyhold.identity.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts requests per key against a limit, shared by every node that uses the same store (GCRA or an equivalent
 * atomic algorithm; one round trip per call). May throw {@link dev.keyhold.identity.error.StoreUnavailableException};
 * the core decides whether an outage fails open or closed.
 */
public interface RateLimiter {

  /**
   * A limit: at most {@code permits} requests per {@code period}, allowing a burst of all of them at once.
   *
   * @param name a short stable name, used in keys and headers, for example {@code login-ip}
   */
  record Limit(String name, int permits, Duration period) {
    public Limit {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(period, "period");
      if (permits < 1 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("a limit allows at least one request per positive period");
      }
    }
  }

  /**
   * The answer for one request.
   *
   * @param allowed whether the request may go ahead (and was counted)
   * @param remaining how many more requests the limit allows right now
   * @param retryAfter when refused, how long until one request is allowed again; zero when allowed
   * @param resetAfter how long until the limit is fully replenished
   */
  record Decision(boolean allowed, int remaining, Duration retryAfter, Duration resetAfter) {}

  /**
   * Counts one request for {@code key} under {@code limit} at {@code now}, atomically. A refused request is not
   * counted. Keys of different limits never interfere, even when equal.
   */
  Decision acquire(String key, Limit limit, Instant now);
}
