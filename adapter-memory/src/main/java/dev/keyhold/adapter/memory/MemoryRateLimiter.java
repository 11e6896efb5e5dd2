package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GCRA per limit name and key: each slot keeps its theoretical arrival time (TAT), the instant at which it would be
 * fully replenished. With the emission interval {@code period / permits}, a request at {@code now} moves the TAT to
 * {@code max(TAT, now) + interval} and is allowed when that is at most {@code now + period}, so a quiet slot allows a
 * burst of all permits. Time is only ever the caller's {@code now}. Slots whose TAT has passed are equivalent to
 * absent ones, and a {@link MemorySweeper} removes them.
 */
final class MemoryRateLimiter implements RateLimiter {

  private record Slot(String limit, String key) {}

  private final ConcurrentHashMap<Slot, Instant> arrivals = new ConcurrentHashMap<>();
  private final MemorySweeper<Slot, Instant> sweeper = new MemorySweeper<>(arrivals);

  @Override
  public Decision acquire(String key, Limit limit, Instant now) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(now, "now");
    Duration period = limit.period();
    Duration interval = max(period.dividedBy(limit.permits()), Duration.ofNanos(1));
    Decision[] decision = new Decision[1];
    arrivals.compute(new Slot(limit.name(), key), (slot, stored) -> {
      Instant arrival = stored == null || stored.isBefore(now) ? now : stored;
      Instant next = arrival.plus(interval);
      Instant allowedFrom = next.minus(period);
      if (now.isBefore(allowedFrom)) {
        decision[0] = new Decision(false, 0, Duration.between(now, allowedFrom), Duration.between(now, arrival));
        return stored;
      }
      Duration resetAfter = Duration.between(now, next);
      int remaining = (int) period.minus(resetAfter).dividedBy(interval);
      decision[0] = new Decision(true, remaining, Duration.ZERO, resetAfter);
      return next;
    });
    sweeper.afterWrite(arrival -> !arrival.isAfter(now));
    return decision[0];
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** How many slots the limiter holds, replenished ones included. */
  int size() {
    return arrivals.size();
  }
}
