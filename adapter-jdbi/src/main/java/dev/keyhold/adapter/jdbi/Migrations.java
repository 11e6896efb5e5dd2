package dev.keyhold.adapter.jdbi;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema migrations shipped in this jar: SQL under {@value #LOCATION}, and the Java ones registered here
 * ({@link AuditChainMigration}, version 5), applied by Flyway to a schema it owns
 * entirely: no baseline of an existing schema, validation of applied migrations on every run, no clean.
 */
final class Migrations {

  static final String LOCATION = "classpath:db/migration/keyhold";

  /** Flyway's default; named here because readiness reads it directly. */
  static final String HISTORY_TABLE = "flyway_schema_history";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private final Flyway flyway;
  private volatile Set<String> shippedVersions;

  Migrations(DataSource dataSource) {
    this.flyway = Flyway.configure(Migrations.class.getClassLoader())
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

  /**
   * Applies every pending migration and logs what it applied.
   *
   * @throws dev.keyhold.identity.error.StoreUnavailableException when the database cannot be reached or fails
   * @throws IllegalStateException when the applied migrations do not match the shipped ones
   */
  void migrate() {
    MigrateResult result;
    try {
      result = flyway.migrate();
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
   * The versions of every migration this jar ships. Flyway resolves them only together with a database connection,
   * so the first call connects; the answer is kept, because the shipped set cannot change while the JVM runs.
   */
  Set<String> shippedVersions() {
    Set<String> versions = shippedVersions;
    if (versions == null) {
      try {
        versions = Arrays.stream(flyway.info().all())
            .filter(migration -> migration.getState().isResolved() && migration.getVersion() != null)
            .map(MigrationInfo::getVersion)
            .map(Object::toString)
            .collect(Collectors.toUnmodifiableSet());
      } catch (FlywayException e) {
        throw translated("read the shipped migrations", e);
      }
      shippedVersions = versions;
    }
    return versions;
  }

  private static RuntimeException translated(String operation, FlywayException e) {
    if (Database.sqlCause(e) != null) {
      return Database.unavailable(operation, e);
    }
    return new IllegalStateException("Flyway could not " + operation + ": " + e.getMessage(), e);
  }
}
