package dev.keyhold.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The shipped list that lets a start recognise an up-to-date schema without Flyway: it must be what Flyway resolves,
 * and the check built on it must accept only what Flyway's validation would accept with nothing to apply.
 */
class MigrationsTest {

  @Test
  void the_shipped_list_is_what_flyway_resolves_from_the_jar_versions_and_checksums_in_order() {
    Migrations migrations = migrations(EmbeddedDatabase.createDatabase());

    assertThat(migrations.resolvedByFlyway())
        .as("a new or edited migration: list it in Migrations.SHIPPED with this checksum")
        .containsExactlyElementsOf(Migrations.SHIPPED);
  }

  @Test
  void a_fresh_database_is_not_up_to_date_and_a_migrated_one_is() {
    String database = EmbeddedDatabase.createDatabase();
    Migrations migrations = migrations(database);
    assertThat(migrations.upToDate()).isFalse();

    migrations.migrate();

    assertThat(migrations.upToDate()).isTrue();
  }

  @Test
  void an_altered_checksum_a_missing_a_failed_or_an_unknown_migration_is_not_up_to_date() {
    assertNotUpToDateAfter("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'");
    assertNotUpToDateAfter("DELETE FROM flyway_schema_history WHERE version = '11'");
    assertNotUpToDateAfter("UPDATE flyway_schema_history SET success = false WHERE version = '11'");
    assertNotUpToDateAfter("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
        + " checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '11.1', 'unknown', 'SQL',"
        + " 'V11_1__unknown.sql', 1, 'test', 0, true FROM flyway_schema_history");
  }

  @Test
  void an_unreachable_database_is_not_up_to_date_and_migrating_it_reports_the_outage() {
    Migrations migrations = new Migrations(unreachable(), new Database(unreachable()));

    assertThat(migrations.upToDate()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(migrations::migrate)
        .isInstanceOf(dev.keyhold.identity.error.StoreUnavailableException.class);
  }

  private static void assertNotUpToDateAfter(String tampering) {
    String database = EmbeddedDatabase.createDatabase();
    Migrations migrations = migrations(database);
    migrations.migrate();
    Jdbi.create(dataSource(database)).useHandle(handle -> handle.execute(tampering));

    assertThat(migrations.upToDate()).as(tampering).isFalse();
  }

  private static Migrations migrations(String database) {
    return new Migrations(dataSource(database), new Database(dataSource(database)));
  }

  private static DataSource dataSource(String database) {
    return EmbeddedDatabase.server().getDatabase(EmbeddedDatabase.USER, database);
  }

  private static DataSource unreachable() {
    org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
    dataSource.setUrl("jdbc:postgresql://127.0.0.1:1/nothing");
    dataSource.setConnectTimeout(1);
    return dataSource;
  }
}
