package dev.keyhold.adapter.redis;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.spi.LockoutStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lockout counters as one hash per key ({@code version}, {@code failures}, {@code lockouts}, {@code locked_until} in
 * epoch ms or empty), replaced by a compare-and-set Lua script that also sets the ttl; reset is DEL.
 *
 * <p>Versions are random positive 63-bit numbers drawn by the writer, compared as strings by the script. A counter
 * kept in Redis would start again after a reset or expiry and could then match a version read before it; random
 * versions never repeat in practice, on any number of nodes, and need no second key.
 */
final class JedisLockoutStore implements LockoutStore {

  /**
   * KEYS[1]: the counters. ARGV[1]: the expected version, "0" for none; ARGV[2]: the new version; ARGV[3], ARGV[4],
   * ARGV[5]: failures, lockouts, locked-until (epoch ms, or "" for none); ARGV[6]: the ttl, ms. Returns 1 when
   * replaced, 0 when the version did not match.
   */
  private static final LuaScript COMPARE_AND_SET = LuaScript.of("""
      local current = redis.call('HGET', KEYS[1], 'version')
      if (current or '0') ~= ARGV[1] then
        return 0
      end
      redis.call('HSET', KEYS[1], 'version', ARGV[2], 'failures', ARGV[3], 'lockouts', ARGV[4],
        'locked_until', ARGV[5])
      redis.call('PEXPIRE', KEYS[1], ARGV[6])
      return 1
      """);

  private final JedisCalls calls;
  private final SecureRandom random = new SecureRandom();

  JedisLockoutStore(JedisCalls calls) {
    this.calls = calls;
  }

  @Override
  public Optional<State> get(String key) {
    Objects.requireNonNull(key, "key");
    Map<String, String> fields = calls.call("read lockout counters", jedis -> jedis.hgetAll(RedisKeys.lockout(key)));
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parse(fields));
  }

  @Override
  public boolean replace(String key, long expectedVersion, State next, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(next, "next");
    long ttlMillis = Ttl.millis(ttl);
    Object replaced = calls.eval("replace lockout counters", COMPARE_AND_SET,
        List.of(RedisKeys.lockout(key)),
        List.of(
            Long.toString(expectedVersion),
            Long.toString(newVersion()),
            Integer.toString(next.failures()),
            Integer.toString(next.lockouts()),
            next.lockedUntil() == null ? "" : Long.toString(next.lockedUntil().toEpochMilli()),
            Long.toString(ttlMillis)));
    return Long.valueOf(1).equals(replaced);
  }

  @Override
  public void reset(String key) {
    Objects.requireNonNull(key, "key");
    calls.call("reset lockout counters", jedis -> jedis.del(RedisKeys.lockout(key)));
  }

  /** The counters in {@code fields}; malformed ones (written by something else) are a store failure, not absent. */
  private static State parse(Map<String, String> fields) {
    try {
      String lockedUntil = fields.get("locked_until");
      return new State(
          Integer.parseInt(fields.get("failures")),
          Integer.parseInt(fields.get("lockouts")),
          lockedUntil.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(lockedUntil)),
          Long.parseLong(fields.get("version")));
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("Redis holds malformed lockout counters.", e);
    }
  }

  private long newVersion() {
    long version;
    do {
      version = random.nextLong() & Long.MAX_VALUE;
    } while (version == 0);
    return version;
  }
}
