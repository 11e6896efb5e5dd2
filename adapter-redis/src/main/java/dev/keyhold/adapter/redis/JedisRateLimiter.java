package dev.keyhold.adapter.redis;

import dev.keyhold.identity.spi.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * GCRA in one Lua script per request. The slot holds its theoretical arrival time (TAT) in epoch microseconds; time
 * is only ever the caller's {@code now} (sent in whole milliseconds), never the Redis server's clock.
 *
 * <p>The emission interval is {@code period / permits} rounded down to whole microseconds (at least 1 µs), and the
 * period used is {@code permits × interval}, so a quiet slot allows a burst of exactly {@code permits} requests and a
 * period that does not divide evenly is shortened by less than {@code permits} µs. Each allowed request stores the
 * new TAT with a ttl of the time until the slot is fully replenished, after which an absent slot means the same as
 * the expired one; a refused request writes nothing.
 */
final class JedisRateLimiter implements RateLimiter {

  /** Keeps every microsecond value in the script well below 2^53, where Lua's doubles stop being exact. */
  private static final Duration LONGEST_PERIOD = Duration.ofDays(365L * 10);

  /**
   * KEYS[1]: the slot. ARGV[1]: now, epoch ms; ARGV[2]: the emission interval, µs; ARGV[3]: the permits. Returns
   * {allowed (1 or 0), remaining, retry after µs, reset after µs}.
   */
  private static final LuaScript GCRA = LuaScript.of("""
      local now = tonumber(ARGV[1]) * 1000
      local interval = tonumber(ARGV[2])
      local period = interval * tonumber(ARGV[3])
      local tat = now
      local stored = redis.call('GET', KEYS[1])
      if stored then
        tat = math.max(assert(tonumber(stored), 'the slot holds no number'), now)
      end
      local new_tat = tat + interval
      local allowed_from = new_tat - period
      if now < allowed_from then
        return {0, 0, allowed_from - now, tat - now}
      end
      local reset_after = new_tat - now
      redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', math.ceil(reset_after / 1000)))
      return {1, math.floor((period - reset_after) / interval), 0, reset_after}
      """);

  private final JedisCalls calls;

  JedisRateLimiter(JedisCalls calls) {
    this.calls = calls;
  }

  @Override
  public Decision acquire(String key, Limit limit, Instant now) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(now, "now");
    if (limit.period().compareTo(LONGEST_PERIOD) > 0) {
      throw new IllegalArgumentException("Redis rate limits support periods of up to 10 years.");
    }
    long interval = Math.max(1, limit.period().toNanos() / 1_000 / limit.permits());
    List<?> reply = (List<?>) calls.eval("count a request against a rate limit", GCRA,
        List.of(RedisKeys.rateLimit(limit.name(), key)),
        List.of(Long.toString(now.toEpochMilli()), Long.toString(interval), Integer.toString(limit.permits())));
    return new Decision(
        number(reply, 0) == 1,
        Math.toIntExact(number(reply, 1)),
        Duration.of(number(reply, 2), ChronoUnit.MICROS),
        Duration.of(number(reply, 3), ChronoUnit.MICROS));
  }

  private static long number(List<?> reply, int index) {
    return (Long) reply.get(index);
  }
}
