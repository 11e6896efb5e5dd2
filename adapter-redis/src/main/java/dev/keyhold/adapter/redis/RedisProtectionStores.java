package dev.keyhold.adapter.redis;

import dev.keyhold.identity.spi.EphemeralStore;
import dev.keyhold.identity.spi.LockoutStore;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RateLimiter;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;

/**
 * Rate limits, lockout counters and short-lived values in Redis (6.2 or later), shared by every node that uses the
 * same Redis database. Thread-safe; one instance per application, closed on shutdown.
 *
 * <p>All keys start with {@code keyhold:}. Every operation fails with
 * {@link dev.keyhold.identity.error.StoreUnavailableException} when Redis cannot answer within the settings' timeout
 * (to connect, to answer, or for a pooled connection to come free); none ever reports an outage as "absent". The
 * instance needs no reconnecting: once Redis is back, operations work again.
 */
public final class RedisProtectionStores implements ProtectionStores, AutoCloseable {

  private final JedisCalls calls;
  private final RateLimiter rateLimiter;
  private final LockoutStore lockouts;
  private final EphemeralStore ephemeral;

  private RedisProtectionStores(JedisCalls calls) {
    this.calls = calls;
    this.rateLimiter = new JedisRateLimiter(calls);
    this.lockouts = new JedisLockoutStore(calls);
    this.ephemeral = new JedisEphemeralStore(calls);
  }

  /**
   * Stores on a pool of up to {@code settings.maxConnections()} connections. Connects lazily: this succeeds even
   * when Redis is down at the moment, and {@link #isReady()} tells whether it is up.
   */
  public static RedisProtectionStores connect(RedisSettings settings) {
    Objects.requireNonNull(settings, "settings");
    int timeoutMillis = Math.toIntExact(settings.timeout().toMillis());
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMillis)
        .socketTimeoutMillis(timeoutMillis)
        .user(settings.username())
        .password(settings.password())
        .database(settings.database())
        .clientName("keyhold");
    if (settings.tls()) {
      // The JDK's trust store, and the host name checked against the certificate (SslVerifyMode.FULL).
      client.sslOptions(SslOptions.defaults());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.maxConnections());
    pool.setMaxIdle(settings.maxConnections());
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(settings.timeout());
    pool.setJmxEnabled(false);
    RedisClient redis = RedisClient.builder()
        .hostAndPort(settings.host(), settings.port())
        .clientConfig(client.build())
        .poolConfig(pool)
        .build();
    return new RedisProtectionStores(new JedisCalls(redis));
  }

  @Override
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  @Override
  public LockoutStore lockouts() {
    return lockouts;
  }

  @Override
  public EphemeralStore ephemeral() {
    return ephemeral;
  }

  /** Whether Redis answers PING, within about the settings' timeout. Never throws. */
  @Override
  public boolean isReady() {
    return calls.ping();
  }

  /** Closes the pool's connections; later operations fail with StoreUnavailableException. Idempotent. */
  @Override
  public void close() {
    calls.close();
  }
}
