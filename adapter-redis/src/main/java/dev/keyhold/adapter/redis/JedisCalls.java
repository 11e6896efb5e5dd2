package dev.keyhold.adapter.redis;

import dev.keyhold.identity.error.StoreUnavailableException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Every command the stores send goes through here, so that every Jedis failure (connection refused or lost, timeout,
 * no pooled connection free in time, closed pool, error reply) becomes one {@link StoreUnavailableException} whose
 * message names the operation and never a key or value.
 *
 * <p>When a connection fails, the pool's idle connections are closed as well: they most likely point at the same
 * dead server, and once it is back every command then runs on a fresh connection instead of failing once per stale
 * one.
 */
final class JedisCalls implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JedisCalls.class);

  private final RedisClient client;

  JedisCalls(RedisClient client) {
    this.client = client;
  }

  /** Runs {@code command}, translating its failures. */
  <T> T call(String operation, Function<UnifiedJedis, T> command) {
    try {
      return command.apply(client);
    } catch (JedisException e) {
      StoreUnavailableException unavailable = new StoreUnavailableException("Redis could not " + operation + ".", e);
      if (e instanceof JedisConnectionException) {
        discardIdleConnections(unavailable);
      }
      throw unavailable;
    }
  }

  /**
   * Runs {@code script} in one round trip: EVALSHA, and EVAL only when Redis answers NOSCRIPT (after a restart or
   * SCRIPT FLUSH), which also caches the script again.
   */
  Object eval(String operation, LuaScript script, List<String> keys, List<String> args) {
    return call(operation, jedis -> {
      try {
        return jedis.evalsha(script.sha1(), keys, args);
      } catch (JedisNoScriptException e) {
        return jedis.eval(script.source(), keys, args);
      }
    });
  }

  /** Whether Redis answers PING; false on any failure. Never throws. */
  boolean ping() {
    try {
      return "PONG".equals(call("answer PING", UnifiedJedis::ping));
    } catch (RuntimeException e) {
      log.debug("Redis is not ready", e);
      return false;
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private void discardIdleConnections(StoreUnavailableException failure) {
    try {
      client.getPool().clear();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
