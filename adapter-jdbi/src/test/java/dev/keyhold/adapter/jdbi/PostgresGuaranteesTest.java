package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import dev.keyhold.identity.testkit.TestTokens;
import dev.keyhold.identity.testkit.TestUsers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the schema and PostgreSQL guarantee beyond the port contracts: races, time zones, append-only audit. */
class PostgresGuaranteesTest {

  private JdbiStores stores;
  private Jdbi tables;

  @BeforeEach
  void emptyTables() {
    stores = EmbeddedDatabase.emptyStores();
    tables = Jdbi.create(EmbeddedDatabase.dataSource());
  }

  @Test
  void racing_registrations_of_one_address_in_two_spellings_let_exactly_one_win() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String upper = "A@x" + round + ".io";
      String lower = "a@X" + round + ".io";
      List<User> candidates = IntStream.range(0, threads)
          .mapToObj(i -> TestUsers.withEmail(i % 2 == 0 ? upper : lower))
          .collect(Collectors.toList());

      List<Outcome<Void>> outcomes = Concurrently.run(threads, i -> stores.users().insert(candidates.get(i)));

      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::succeeded).hasSize(1);
      assertThat(outcomes)
          .filteredOn(outcome -> !outcome.succeeded())
          .allSatisfy(outcome -> assertThat(outcome.failure()).isInstanceOf(EmailTakenException.class));
      String normalized = Email.parse(upper).normalized();
      int rows = tables.withHandle(handle -> handle
          .createQuery("SELECT count(*) FROM users WHERE email_normalized = :email")
          .bind("email", normalized)
          .mapTo(Integer.class)
          .one());
      assertThat(rows).as("rows in round %d", round).isEqualTo(1);
    }
  }

  @Test
  void sixty_four_threads_rotating_one_refresh_token_let_exactly_one_win_and_store_one_replacement() {
    int threads = 64;
    User user = TestUsers.newUser();
    stores.users().insert(user);
    Instant now = T0.plusSeconds(30);
    for (int round = 0; round < 5; round++) {
      RefreshSession session = TestTokens.session(user.id(), T0);
      RefreshToken first = TestTokens.firstToken(session);
      stores.refreshTokens().startSession(session, first);
      List<RefreshToken> replacements =
          IntStream.range(0, threads).mapToObj(i -> TestTokens.nextToken(first, now)).collect(Collectors.toList());

      List<Outcome<Boolean>> outcomes =
          Concurrently.call(threads, i -> stores.refreshTokens().rotate(first.id(), replacements.get(i), now));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      int replacementRows = tables.withHandle(handle -> handle
          .createQuery("SELECT count(*) FROM refresh_tokens WHERE session_id = :session AND id <> :first")
          .bind("session", session.id().value())
          .bind("first", first.id())
          .mapTo(Integer.class)
          .one());
      assertThat(replacementRows).as("replacement rows in round %d", round).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pacific/Chatham", "America/St_Johns", "Asia/Kathmandu", "Europe/Berlin"})
  void timestamps_round_trip_in_utc_to_the_microsecond_whatever_the_jvm_time_zone(String zone) {
    // Instants next to the 2026 daylight-saving changes of Europe and Chatham, with every microsecond digit set.
    Instant created = Instant.parse("2026-03-29T01:30:00.123456Z");
    Instant verified = Instant.parse("2026-04-04T14:45:59.654321Z");
    Instant updated = Instant.parse("2026-10-25T00:59:59.999999Z");
    User user = new User(TestUsers.newId(), Email.parse("zone-" + zone.replace('/', '-') + "@example.io"), null,
        UserStatus.ACTIVE, verified, new PasswordHash("$argon2id$v=19$m=1,t=1,p=1$eA$eQ"), created, updated);
    TimeZone original = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(zone));
    try (JdbiStores zoned = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE))) {
      zoned.users().insert(user);

      assertThat(zoned.users().findById(user.id())).contains(user);
    } finally {
      TimeZone.setDefault(original);
    }
    assertThat(utcText("created_at", user)).isEqualTo("2026-03-29T01:30:00.123456Z");
    assertThat(utcText("email_verified_at", user)).isEqualTo("2026-04-04T14:45:59.654321Z");
    assertThat(utcText("updated_at", user)).isEqualTo("2026-10-25T00:59:59.999999Z");
    assertThat(stores.users().findById(user.id())).contains(user);
  }

  @Test
  void audit_events_cannot_be_updated_or_deleted() {
    AuditEvent event =
        new AuditEvent("login.failed", "failure", null, null, null, ClientInfo.unknown(), T0, Map.of("n", "1"));
    stores.auditLog().append(event);

    Throwable update = catchThrowable(() -> tables.useHandle(handle ->
        handle.execute("UPDATE audit_events SET action = 'login.succeeded'")));
    Throwable delete = catchThrowable(() -> tables.useHandle(handle -> handle.execute("DELETE FROM audit_events")));

    assertThat(update).isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("append-only");
    assertThat(delete).isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("append-only");
    List<String> actions = tables.withHandle(handle -> handle.createQuery("SELECT action FROM audit_events")
        .mapTo(String.class)
        .list());
    assertThat(actions).containsExactly("login.failed");
  }

  @Test
  void the_schema_refuses_a_second_signing_key_without_retirement() {
    String insert = "INSERT INTO signing_keys (kid, algorithm, public_jwk, sealed_private_key, created_at, "
        + "activates_at) VALUES (?, 'RS256', '{}', 'c2VhbGVk', now(), now())";
    tables.useHandle(handle -> handle.execute(insert, "first"));

    assertThatThrownBy(() -> tables.useHandle(handle -> handle.execute(insert, "second")))
        .hasMessageContaining("signing_keys_one_current_idx");
  }

  @Test
  void a_statement_the_database_refuses_for_another_reason_than_a_duplicate_reports_the_store_unavailable() {
    User stranger = TestUsers.newUser();
    RefreshSession session = TestTokens.session(stranger.id(), T0);
    RefreshToken first = TestTokens.firstToken(session);

    Throwable failure = catchThrowable(() -> stores.refreshTokens().startSession(session, first));

    assertThat(failure).isInstanceOf(StoreUnavailableException.class);
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .as("no bound value appears in an error message")
          .doesNotContain(first.hash().hex())
          .doesNotContain(stranger.id().toString());
    }
    assertThat(stores.refreshTokens().findSession(session.id())).isEmpty();
  }

  private String utcText(String column, User user) {
    return tables.withHandle(handle -> handle.createQuery(
            "SELECT to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                + "FROM users WHERE id = :id")
        .bind("id", user.id().value())
        .mapTo(String.class)
        .one());
  }
}
