package dev.keyhold.adapter.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.testkit.AuditChains;
import dev.keyhold.identity.testkit.TestOrgs;
import dev.keyhold.identity.testkit.TestTimes;
import dev.keyhold.identity.testkit.TestUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Migrations, readiness and who closes what, each on a database of its own. */
class JdbiStoresLifecycleTest {

  /** Every schema version, in order, as the history table records them after a migration. */
  private static final String[] EVERY_VERSION = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"};

  @Test
  void a_fresh_database_is_not_ready_before_migration_and_is_ready_after() {
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.createDatabase()))) {
      assertThat(stores.isReady()).isFalse();

      stores.migrate();

      assertThat(stores.isReady()).isTrue();
    }
  }

  @Test
  void a_customizer_adjusts_the_configured_pool_before_it_starts_for_example_to_hand_it_a_metrics_tracker() {
    List<String> trackedPools = new CopyOnWriteArrayList<>();
    AtomicInteger acquisitions = new AtomicInteger();
    List<String> seenByCustomizer = new CopyOnWriteArrayList<>();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.createDatabase()), pool -> {
      seenByCustomizer.add(pool.getPoolName() + " " + pool.getMaximumPoolSize());
      pool.setMetricsTrackerFactory((name, stats) -> {
        trackedPools.add(name);
        return new IMetricsTracker() {
          @Override
          public void recordConnectionAcquiredNanos(long nanos) {
            acquisitions.incrementAndGet();
          }
        };
      });
    })) {
      assertThat(stores.isReachable()).isTrue();
    }

    assertThat(seenByCustomizer).as("the derived configuration, before the customizer").containsExactly("keyhold 10");
    assertThat(trackedPools).containsExactly("keyhold");
    assertThat(acquisitions).hasPositiveValue();
  }

  @Test
  void migrating_creates_every_table_and_records_the_shipped_versions() {
    String database = EmbeddedDatabase.createDatabase();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.migrate();
    }

    Jdbi jdbi = jdbi(database);
    List<String> tables = jdbi.withHandle(handle -> handle.createQuery(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name")
        .mapTo(String.class)
        .list());
    assertThat(tables).containsExactly("audit_events", "audit_queue", "external_identities", "flyway_schema_history", "invitations",
        "link_requests", "mail_outbox", "memberships", "one_time_tokens", "organizations", "pending_email_changes",
        "recovery_codes", "refresh_sessions", "refresh_tokens", "roles", "signing_keys", "totp_credentials",
        "user_roles", "users", "webhook_outbox");
    assertThat(appliedVersions(jdbi)).containsExactly(EVERY_VERSION);
  }

  @Test
  void migrating_again_applies_nothing_and_stays_ready() {
    String database = EmbeddedDatabase.createDatabase();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.migrate();

      stores.migrate();

      assertThat(stores.isReady()).isTrue();
    }
    assertThat(appliedVersions(jdbi(database))).containsExactly(EVERY_VERSION);
  }

  @Test
  void a_migrated_database_holds_exactly_the_built_in_roles() {
    String database = EmbeddedDatabase.createDatabase();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.migrate();

      for (Role builtIn : BuiltInRoles.ALL) {
        assertThat(stores.roles().findById(builtIn.id())).as(builtIn.name()).contains(builtIn);
      }
    }
    int roles = jdbi(database).withHandle(handle -> handle.createQuery("SELECT count(*) FROM roles")
        .mapTo(Integer.class)
        .one());
    assertThat(roles).isEqualTo(BuiltInRoles.ALL.size());
  }

  @Test
  void version_2_applies_to_a_version_1_database_that_holds_users_and_leaves_them_intact() {
    String database = databaseAtVersion("1");
    assertThat(appliedVersions(jdbi(database))).containsExactly("1");
    User ada = TestUsers.fullyPopulated();
    User grace = TestUsers.withEmail("grace@example.io");
    User bob = TestUsers.minimal();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      for (User user : List.of(ada, grace, bob)) {
        stores.users().insert(user);
      }
      assertThat(stores.isReady()).isFalse();

      stores.migrate();

      assertThat(stores.isReady()).isTrue();
      for (User user : List.of(ada, grace, bob)) {
        assertThat(stores.users().findById(user.id())).contains(user);
      }
      assertThat(stores.users().search(null, null, null, 10)).containsExactly(ada, grace, bob);
      assertThat(stores.users().search("gr", UserStatus.ACTIVE, null, 10)).containsExactly(grace);
      Organization organization = TestOrgs.organization("acme");
      stores.organizations().create(organization, TestOrgs.ownerOf(organization, ada.id()));
      assertThat(stores.memberships().listByUser(ada.id())).containsExactly(TestOrgs.ownerOf(organization, ada.id()));
      assertThat(stores.userRoles().grant(grace.id(), BuiltInRoles.ADMIN.id(), TestTimes.T0)).isTrue();
      assertThat(stores.userRoles().rolesOf(grace.id())).containsExactly(BuiltInRoles.ADMIN.id());
    }
    assertThat(appliedVersions(jdbi(database))).containsExactly(EVERY_VERSION);
  }

  @Test
  void version_5_chains_the_audit_events_a_version_4_database_holds_and_keeps_them_append_only() {
    String database = databaseAtVersion("4");
    Jdbi jdbi = jdbi(database);
    jdbi.useHandle(handle -> {
      String insert = "INSERT INTO audit_events (action, outcome, actor_id, target_id, org_id, ip_address, "
          + "user_agent, request_id, occurred_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::jsonb)";
      handle.execute(insert, "user.registered", "success", "0a0a0000-0000-4000-8000-00000000000a",
          "0a0a0000-0000-4000-8000-00000000000a", null, "203.0.113.7", "Caf\u00e9/1.0", "req-1",
          "2026-01-02T03:04:05.123456Z", "{}");
      handle.execute(insert, "login.failed", "failure", null, "0a0a0000-0000-4000-8000-00000000000a", null,
          "2001:db8::1", "", null, "2026-01-02T04:04:05.000001+01:00", "{\"reason\": \"bad_password\"}");
      // A rolled-back insert leaves a gap in the ids, as older versions could.
      handle.createQuery("SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))").mapTo(Long.class).one();
      handle.execute(insert, "org.created", "success", "0a0a0000-0000-4000-8000-00000000000a",
          "0c0c0000-0000-4000-8000-00000000000c", "0c0c0000-0000-4000-8000-00000000000c", null, null, null,
          "2026-01-02T03:04:07Z", "{\"slug\": \"acme\", \"\u00e9t\u00e9\": \"\u2603\"}");
    });

    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.migrate();

      List<AuditRecord> chain = AuditChains.readAll(stores.auditLog());
      assertThat(chain).extracting(AuditRecord::seq).containsExactly(1L, 2L, 4L);
      assertThat(chain).extracting(record -> record.event().action())
          .containsExactly("user.registered", "login.failed", "org.created");
      assertThat(chain.get(0).event().client()).isEqualTo(new ClientInfo("203.0.113.7", "Caf\u00e9/1.0", "req-1"));
      assertThat(chain.get(1).event().at()).isEqualTo(Instant.parse("2026-01-02T03:04:05.000001Z"));
      assertThat(chain.get(1).event().details()).containsExactly(Map.entry("reason", "bad_password"));
      assertThat(chain.get(2).event().details()).containsOnly(Map.entry("slug", "acme"), Map.entry("\u00e9t\u00e9", "\u2603"));
      assertThat(chain.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
      assertThat(AuditChains.firstBreak(chain)).as("the backfilled chain").isEmpty();

      AuditRecord next = stores.auditLog().append(new AuditEvent("login.succeeded", "success", null, null, null,
          ClientInfo.unknown(), TestTimes.T0, Map.of()));
      assertThat(next.previousHash()).isEqualTo(chain.get(2).hash());
      assertThat(next.seq()).isGreaterThan(4L);
      assertThat(AuditChains.firstBreak(stores.auditLog())).isEmpty();
    }
    assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute("UPDATE audit_events SET action = 'x'")))
        .as("the append-only trigger is back").hasMessageContaining("append-only");
    assertThat(appliedVersions(jdbi)).containsExactly(EVERY_VERSION);
  }

  @Test
  void version_6_applies_to_a_version_5_database_that_holds_organizations_and_requires_no_second_factor_of_them() {
    String database = databaseAtVersion("5");
    Jdbi jdbi = jdbi(database);
    assertThat(appliedVersions(jdbi)).containsExactly("1", "2", "3", "4", "5");
    User ada = TestUsers.newUser();
    Organization acme = TestOrgs.organization("acme");
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.users().insert(ada);
      // What a node of version 5 writes: an organization without the column.
      jdbi.useHandle(handle -> handle.execute("INSERT INTO organizations (id, name, slug, created_at, updated_at) "
          + "VALUES (?, 'Acme', 'acme', now(), now())", acme.id().value()));

      stores.migrate();

      Organization migrated = stores.organizations().findBySlug("acme").orElseThrow();
      assertThat(migrated.requireMfa()).isFalse();
      assertThat(stores.organizations().update(migrated.withRequireMfa(true, TestTimes.T0))).isTrue();
      assertThat(stores.organizations().findById(acme.id()).orElseThrow().requireMfa()).isTrue();
      assertThat(stores.recoveryCodes().remaining(ada.id())).isZero();
      assertThat(stores.totpCredentials().find(ada.id())).isEmpty();
    }
    assertThat(appliedVersions(jdbi)).containsExactly(EVERY_VERSION);
  }

  @Test
  void version_7_applies_to_a_version_6_database_whose_users_can_then_be_linked() {
    String database = databaseAtVersion("6");
    Jdbi jdbi = jdbi(database);
    assertThat(appliedVersions(jdbi)).containsExactly("1", "2", "3", "4", "5", "6");
    User ada = TestUsers.newUser();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.users().insert(ada);

      stores.migrate();

      assertThat(stores.externalIdentities().listByUser(ada.id())).isEmpty();
      ExternalIdentity link = new ExternalIdentity(new ExternalIdentityId(UUID.randomUUID()), ada.id(), "google",
          "https://accounts.google.com", "1234567890", ada.email().display(), TestTimes.T0);
      assertThat(stores.externalIdentities().insert(link)).isTrue();
      assertThat(stores.externalIdentities().find("https://accounts.google.com", "1234567890")).contains(link);
    }
    assertThat(appliedVersions(jdbi)).containsExactly(EVERY_VERSION);
  }

  @Test
  void version_12_finds_the_disabled_users_index_an_operator_built_beforehand_and_keeps_it() {
    String database = databaseAtVersion("11");
    Jdbi jdbi = jdbi(database);
    // as docs/operations.md tells an operator of a large installation: concurrently, under the migration's name
    jdbi.useHandle(handle -> handle.execute("CREATE INDEX CONCURRENTLY users_disabled_search_idx "
        + "ON users (email_normalized COLLATE \"C\", id) WHERE status = 'disabled'"));

    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.migrate();
    }

    assertThat(appliedVersions(jdbi)).containsExactly(EVERY_VERSION);
    int indexes = jdbi.withHandle(handle -> handle.createQuery(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_disabled_search_idx'")
        .mapTo(Integer.class).one());
    assertThat(indexes).isEqualTo(1);
  }

  @Test
  void a_database_whose_applied_migration_was_altered_fails_validation() {
    String database = EmbeddedDatabase.createDatabase();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.migrate();
      jdbi(database).useHandle(handle ->
          handle.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'"));

      assertThatThrownBy(stores::migrate)
          .isInstanceOf(JdbiStores.SchemaMigrationException.class)
          .hasMessageContaining("checksum")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void a_database_a_newer_version_migrated_is_served_by_the_older_one_as_in_a_rolling_upgrade() {
    String database = EmbeddedDatabase.createDatabase();
    try (JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(database))) {
      stores.migrate();
      jdbi(database).useHandle(handle -> handle.execute("INSERT INTO flyway_schema_history (installed_rank, version, "
          + "description, type, script, checksum, installed_by, execution_time, success) "
          + "SELECT max(installed_rank) + 1, '99', 'from a newer version', 'SQL', 'V99__newer.sql', 1, 'keyhold', 1, "
          + "true FROM flyway_schema_history"));

      stores.migrate();

      assertThat(stores.isReady()).as("every migration this version knows is applied").isTrue();
      assertThat(appliedVersions(jdbi(database))).endsWith("13", "99");
    }
  }

  @Test
  void a_statement_postgresql_refuses_is_reported_with_its_reason_and_not_as_an_outage() {
    String database = EmbeddedDatabase.createDatabase();
    // PostgreSQL 15 and later let only the database owner create in the public schema
    jdbi(database).useHandle(handle -> handle.execute("DO $$ BEGIN CREATE ROLE migrator_without_rights LOGIN; "
        + "EXCEPTION WHEN duplicate_object THEN NULL; END $$"));
    jdbi(database).useHandle(handle -> handle.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC"));
    DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://migrator_without_rights@localhost:"
        + EmbeddedDatabase.server().getPort() + "/" + database);
    try (JdbiStores stores = JdbiStores.connect(settings)) {
      assertThatThrownBy(stores::migrate)
          .isInstanceOf(JdbiStores.SchemaMigrationException.class)
          .hasMessageContaining("permission denied")
          .hasMessageContaining("42501");
    }
  }

  @Test
  void closing_connected_stores_closes_their_pool() {
    EmbeddedDatabase.sharedStores();
    JdbiStores stores = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE));
    assertThat(stores.isReady()).isTrue();

    stores.close();

    assertThat(stores.isReady()).isFalse();
    assertThatThrownBy(() -> stores.users().findById(TestUsers.newId()))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void stores_on_a_callers_data_source_work_and_leave_it_open_when_closed() {
    EmbeddedDatabase.sharedStores();
    HikariConfig config = new HikariConfig();
    config.setDataSource(EmbeddedDatabase.dataSource());
    config.setMaximumPoolSize(2);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      JdbiStores stores = JdbiStores.create(dataSource);
      assertThat(stores.isReady()).isTrue();

      stores.close();

      assertThat(dataSource.isClosed()).isFalse();
      assertThat(JdbiStores.create(dataSource).users().findById(TestUsers.newId())).isEmpty();
    }
  }

  @Test
  void the_pool_starts_without_a_database_and_gives_the_driver_its_timeouts_as_strings() {
    HikariConfig config = JdbiStores.poolConfig(DatabaseSettings.fromUrl("postgresql://keyhold:hunter2@db/identity")
        .withMaxPoolSize(7)
        .withConnectionTimeout(Duration.ofMillis(1_500)));

    assertThat(config.getPoolName()).isEqualTo("keyhold");
    assertThat(config.getInitializationFailTimeout()).isNegative();
    assertThat(config.getMaximumPoolSize()).isEqualTo(7);
    assertThat(config.getConnectionTimeout()).isEqualTo(1_500);
    assertThat(config.getValidationTimeout()).isLessThan(config.getConnectionTimeout());
    assertThat(config.getDataSourceProperties())
        .containsEntry("connectTimeout", "2")
        .containsEntry("socketTimeout", "10")
        .containsEntry("tcpKeepAlive", "true")
        .containsEntry("logServerErrorDetail", "false");
    // The driver reads its properties with getProperty, which sees only strings.
    assertThat(config.getDataSourceProperties().values()).allMatch(String.class::isInstance);
  }

  private static Jdbi jdbi(String database) {
    return Jdbi.create(EmbeddedDatabase.server().getDatabase(EmbeddedDatabase.USER, database));
  }

  private static List<String> appliedVersions(Jdbi jdbi) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
        .mapTo(String.class)
        .list());
  }

  /** A new database migrated up to {@code version} by Flyway, as an installation of that version left it. */
  private static String databaseAtVersion(String version) {
    String database = EmbeddedDatabase.createDatabase();
    Flyway.configure()
        .dataSource(EmbeddedDatabase.server().getDatabase(EmbeddedDatabase.USER, database))
        .locations(Migrations.LOCATION)
        .javaMigrations(new AuditChainMigration())
        .target(version)
        .load()
        .migrate();
    return database;
  }
}
