package dev.keyhold.app;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test run, started from Maven Central binaries; every server under test gets a
 * database of its own on it, so tests never see each other's users or keys.
 */
final class TestDatabase {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException ignored) {
          // the JVM is going away; the process dies with it
        }
      }));
    }
    return postgres;
  }

  /** Creates an empty database and returns its {@code DATABASE_URL}. */
  static String newDatabaseUrl() {
    String name = "keyhold_test_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return "postgresql://postgres@localhost:" + postgres().getPort() + "/" + name;
  }

  /**
   * A superuser connection to the database of {@code env}'s {@code DATABASE_URL} (one made by
   * {@link #serverEnvironment}), for tests that look at or tamper with what the server stored.
   */
  static Connection connect(Map<String, String> env) throws SQLException {
    String url = env.get("DATABASE_URL");
    String name = url.substring(url.lastIndexOf('/') + 1);
    return postgres().getDatabase("postgres", name).getConnection();
  }

  /** A server environment on a fresh database and a free loopback port, plus {@code extra}. */
  static Map<String, String> serverEnvironment(Map<String, String> extra) {
    return serverEnvironment(newDatabaseUrl(), extra);
  }

  /** A server environment on the database of {@code databaseUrl} and a free loopback port, plus {@code extra}. */
  static Map<String, String> serverEnvironment(String databaseUrl, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("HOST", "127.0.0.1");
    env.put("PUBLIC_URL", "http://keyhold.test");
    env.put("DATABASE_URL", databaseUrl);
    env.put("DATABASE_POOL_SIZE", "4");
    env.put("KEY_ENCRYPTION_KEY", KeyEncryption.generate().encodedKey());
    // Every test request comes from 127.0.0.1, which real traffic never does: lift the per-address and per-inviter
    // limits so that they do not decide unrelated tests. Tests of the limits set their own.
    env.put("RATE_LIMIT_LOGIN_IP", "100000/1m");
    env.put("RATE_LIMIT_REGISTER_IP", "100000/1m");
    env.put("RATE_LIMIT_RESEND_IP", "100000/1m");
    env.put("RATE_LIMIT_INVITE_USER", "100000/1m");
    env.put("RATE_LIMIT_MFA_IP", "100000/1m");
    env.putAll(extra);
    return env;
  }
}
