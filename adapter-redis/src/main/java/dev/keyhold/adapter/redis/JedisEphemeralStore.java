package dev.keyhold.adapter.redis;

import dev.keyhold.identity.spi.EphemeralStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/** Short-lived values as plain strings: SET with PX to put, GETDEL (Redis 6.2 or later) to take atomically. */
final class JedisEphemeralStore implements EphemeralStore {

  private final JedisCalls calls;

  JedisEphemeralStore(JedisCalls calls) {
    this.calls = calls;
  }

  /** {@inheritDoc} The ttl must be positive; Redis keeps it in whole milliseconds, rounded up. */
  @Override
  public void put(String key, String value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long ttlMillis = Ttl.millis(ttl);
    calls.call("store a short-lived value",
        jedis -> jedis.set(RedisKeys.ephemeral(key), value, SetParams.setParams().px(ttlMillis)));
  }

  @Override
  public Optional<String> take(String key) {
    Objects.requireNonNull(key, "key");
    return Optional.ofNullable(calls.call("take a short-lived value", jedis -> jedis.getDel(RedisKeys.ephemeral(key))));
  }
}
