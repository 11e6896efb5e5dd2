package dev.keyhold.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.jdbi.JdbiStores;
import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.redis.RedisProtectionStores;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.spi.ProtectionStores;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the server keeps its state: the PostgreSQL of {@code DATABASE_URL}, or else an embedded PostgreSQL under the
 * data directory (development only), plus the key that seals the signing keys stored there; and where rate limits and
 * lockout counters live: the Redis of {@code REDIS_URL}, or memory (one node only).
 */
final class Persistence implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);

  private final JdbiStores stores;
  private final Optional<EmbeddedDatabase> embedded;
  private final KeyEncryption keyEncryption;
  private final ProtectionStores protection;
  private final DatabaseSettings settings;
  private HikariDataSource sidePool;

  private Persistence(JdbiStores stores, Optional<EmbeddedDatabase> embedded, KeyEncryption keyEncryption,
      ProtectionStores protection, DatabaseSettings settings) {
    this.settings = settings;
    this.stores = stores;
    this.embedded = embedded;
    this.keyEncryption = keyEncryption;
    this.protection = protection;
  }

  static Persistence open(Config config) {
    return open(config, pool -> { });
  }

  /** {@link #open(Config)}, with {@code pool} adjusting the connection pool before it starts (metrics, say). */
  static Persistence open(Config config, Consumer<HikariConfig> pool) {
    ProtectionStores protection = protection(config);
    if (config.database().isPresent()) {
      String key = config.keyEncryptionKey()
          .orElseThrow(() -> new IllegalStateException("KEY_ENCRYPTION_KEY is required with DATABASE_URL"));
      return new Persistence(JdbiStores.connect(config.database().get(), pool), Optional.empty(),
          keyEncryption(key, config.previousKeyEncryptionKey()), protection, config.database().get());
    }
    EmbeddedDatabase database = EmbeddedDatabase.start(config.dataDirectory());
    try {
      String key = config.keyEncryptionKey()
          .orElseGet(() -> database.keyEncryptionKey(() -> KeyEncryption.generate().encodedKey()));
      DatabaseSettings settings =
          DatabaseSettings.fromUrl("jdbc:postgresql://localhost:" + database.port() + "/postgres?user=postgres");
      return new Persistence(JdbiStores.connect(settings, pool), Optional.of(database),
          keyEncryption(key, config.previousKeyEncryptionKey()), protection, settings);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * The key that seals, and the previous one that only opens while a rotation is under way. Logs the keys' ids,
   * which are not secret, so an operator can tell which nodes run with which keys.
   */
  private static KeyEncryption keyEncryption(String key, Optional<String> previousKey) {
    KeyEncryption current = KeyEncryption.fromBase64(key);
    if (previousKey.isEmpty()) {
      LOG.info("Key-encryption key {}", current.keyId());
      return current;
    }
    KeyEncryption withPrevious = current.withPrevious(KeyEncryption.fromBase64(previousKey.get()));
    LOG.info("Key-encryption key {}, also opening what the previous key {} sealed (run 'reseal-keys', then remove"
        + " KEY_ENCRYPTION_KEY_PREVIOUS)", current.keyId(), withPrevious.previousKeyId().orElseThrow());
    return withPrevious;
  }

  private static ProtectionStores protection(Config config) {
    if (config.redis().isPresent()) {
      LOG.info("Rate limits and lockouts: Redis {} (shared by every node; if it fails: {})", config.redis().get(),
          config.redisFailOpen() ? "allow requests" : "refuse requests");
      return RedisProtectionStores.connect(config.redis().get());
    }
    LOG.info("Rate limits and lockouts: in memory, per node (set REDIS_URL to share them between nodes)");
    return MemoryProtectionStores.create();
  }

  /**
   * A small pool of its own ({@code keyhold-side}, two connections) on the same database, made on first use and
   * closed with the rest: for the webhook outbox, whose deliveries then never take a connection a request needs.
   */
  synchronized DataSource sidePool() {
    if (sidePool == null) {
      HikariConfig config = new HikariConfig();
      config.setPoolName("keyhold-side");
      config.setDriverClassName("org.postgresql.Driver");
      config.setJdbcUrl(settings.jdbcUrl());
      config.setUsername(settings.username());
      config.setPassword(settings.password());
      config.setMaximumPoolSize(2);
      config.setConnectionTimeout(settings.connectionTimeout().toMillis());
      config.setInitializationFailTimeout(-1);
      config.addDataSourceProperty("socketTimeout", "10");
      config.addDataSourceProperty("ApplicationName", "keyhold-side");
      config.addDataSourceProperty("logServerErrorDetail", "false");
      sidePool = new HikariDataSource(config);
    }
    return sidePool;
  }

  ProtectionStores protection() {
    return protection;
  }

  JdbiStores stores() {
    return stores;
  }

  KeyEncryption keyEncryption() {
    return keyEncryption;
  }

  /** Whether this is the embedded development database, which is always migrated on start. */
  boolean embedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    if (protection instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Closing the protection stores failed", e);
      }
    }
    synchronized (this) {
      if (sidePool != null) {
        sidePool.close();
      }
    }
    stores.close();
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
