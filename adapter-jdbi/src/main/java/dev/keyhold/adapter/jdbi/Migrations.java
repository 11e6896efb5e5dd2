package dev.keyhold.adapter.jdbi;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema migrations shipped in this jar: SQL under {@value #LOCATION}, and the Java ones registered here
 * ({@link AuditChainMigration}, version 5), applied by Flyway to a schema it owns
 * entirely: no baseline of an existing schema, validation of applied migrations on every run, no clean.
 *
 * <p>A schema that is already up to date is recognised without Flyway: {@link #SHIPPED} lists every migration with
 * Flyway's checksum of it, and when the history table records exactly those, applied and successful, Flyway would
 * validate them and find nothing to do. Reading that table is one query; loading and running Flyway took 0.6 s of
 * every start (docs/decisions.md, "Starting without Flyway").
 */
final class Migrations {

  static final String LOCATION = "classpath:db/migration/keyhold";

  /** Flyway's default; named here because readiness reads it directly. */
  static final String HISTORY_TABLE = "flyway_schema_history";

  /**
   * Every migration this jar ships, in order, with the checksum Flyway computes for it (none for a Java migration).
   * {@code MigrationsTest} holds this list to what Flyway resolves, so a new or edited migration fails the build
   * until it is listed here.
   */
  static final List<Migration> SHIPPED = List.of(
      new Migration("1", 1373269914),
      new Migration("2", -104982864),
      new Migration("3", 439811823),
      new Migration("4", 620649316),
      new Migration("5", null),
      new Migration("6", -1437025284),
      new Migration("7", 2116405263),
      new Migration("8", 1582301381),
      new Migration("9", 684189520),
      new Migration("10", 1449164544),
      new Migration("11", 2072001780),
      new Migration("12", 1660449105),
      new Migration("13", 332417151));

  private static final Set<String> SHIPPED_VERSIONS =
      SHIPPED.stream().map(Migration::version).collect(Collectors.toUnmodifiableSet());

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private final DataSource dataSource;
  private final Database database;
  private Flyway flyway;

  /**
   * A migration as the history table records it, or as this jar ships it.
   *
   * @param checksum Flyway's checksum of the migration's script, or null for a Java migration
   */
  record Migration(String version, Integer checksum) {}

  /**
   * @param dataSource where Flyway connects when it has something to apply or report
   * @param database where the history table is read
   */
  Migrations(DataSource dataSource, Database database) {
    this.dataSource = dataSource;
    this.database = database;
  }

  /**
   * Applies every pending migration and logs what it applied; an up-to-date schema ({@link #upToDate()}) is left
   * as it is without loading Flyway.
   *
   * @throws dev.keyhold.identity.error.StoreUnavailableException when the database cannot be reached
   * @throws JdbiStores.SchemaMigrationException when the applied migrations do not match the shipped ones, or PostgreSQL
   *     refuses a migration's statement
   */
  void migrate() {
    if (upToDate()) {
      LOG.info("Database schema is up to date at version {}", SHIPPED.get(SHIPPED.size() - 1).version());
      return;
    }
    MigrateResult result;
    try {
      result = flyway().migrate();
    } catch (FlywayException e) {
      throw translated("migrate the schema", e);
    }
    if (result.migrationsExecuted == 0) {
      LOG.info("Database schema is up to date at version {}", result.initialSchemaVersion);
      return;
    }
    for (MigrateOutput migration : result.migrations) {
      LOG.info("Applied schema migration {} ({}) in {} ms",
          migration.version, migration.description, migration.executionTime);
    }
    LOG.info("Database schema migrated from version {} to {}",
        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion, result.targetSchemaVersion);
  }

  /**
   * Whether the history table records exactly the shipped migrations, each applied successfully with the shipped
   * checksum, and nothing else: what Flyway's validation accepts with nothing left to apply. False for anything
   * else (a fresh database, a pending, failed, altered or unknown migration, an unreachable database), which
   * {@link #migrate()} then leaves to Flyway to apply or to report.
   */
  boolean upToDate() {
    List<Migration> applied;
    try {
      applied = database.call("read the applied migrations", handle -> handle
          .createQuery("SELECT version, checksum, success FROM " + HISTORY_TABLE + " WHERE version IS NOT NULL"
              + " ORDER BY installed_rank")
          .map((rows, context) -> rows.getBoolean("success")
              ? new Migration(rows.getString("version"), (Integer) rows.getObject("checksum"))
              : new Migration(rows.getString("version") + " (failed)", null))
          .list());
    } catch (RuntimeException e) {
      return false;
    }
    return Set.copyOf(applied).equals(Set.copyOf(SHIPPED)) && applied.size() == SHIPPED.size();
  }

  /** The versions of every migration this jar ships. */
  static Set<String> shippedVersions() {
    return SHIPPED_VERSIONS;
  }

  /** What Flyway resolves from this jar: version and checksum of each migration, in order; for tests. */
  List<Migration> resolvedByFlyway() {
    return Arrays.stream(flyway().info().all())
        .map(migration -> new Migration(migration.getVersion().toString(), migration.getChecksum()))
        .toList();
  }

  private synchronized Flyway flyway() {
    if (flyway == null) {
      flyway = Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations(LOCATION)
          .javaMigrations(new AuditChainMigration())
          .table(HISTORY_TABLE)
          .baselineOnMigrate(false)
          .validateOnMigrate(true)
          .validateMigrationNaming(true)
          .failOnMissingLocations(true)
          .cleanDisabled(true)
          .load();
    }
    return flyway;
  }

  /**
   * An outage (no connection, a connection lost, a server shutting down or out of resources) is
   * {@link dev.keyhold.identity.error.StoreUnavailableException}, to be retried; anything else, a statement PostgreSQL
   * refused or a history that does not match, is {@link JdbiStores.SchemaMigrationException} with the reason.
   */
  static RuntimeException translated(String operation, FlywayException e) {
    SQLException sql = Database.sqlCause(e);
    if (sql != null && isOutage(sql)) {
      return Database.unavailable(operation, e);
    }
    String reason = sql != null ? "PostgreSQL refused a migration's statement: " + oneLine(sql.getMessage())
        + " (SQL state " + sql.getSQLState() + ")" : oneLine(e.getMessage());
    return new JdbiStores.SchemaMigrationException(reason, e);
  }

  /**
   * Whether {@code e} says the database is out of reach rather than that it refused the work: connection exceptions
   * (SQL state class 08), insufficient resources (53), system errors (58), an administrator's or a crash's shutdown
   * and "cannot connect now" (57P01-57P03), or the driver's or the pool's own connection failures, which may have no
   * state.
   */
  static boolean isOutage(SQLException e) {
    String state = e.getSQLState();
    if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException || state == null) {
      return true;
    }
    return state.startsWith("08") || state.startsWith("53") || state.startsWith("58") || state.equals("57P01")
        || state.equals("57P02") || state.equals("57P03");
  }

  /** {@code message} on one line, for one log line: its lines joined with "; ". */
  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
