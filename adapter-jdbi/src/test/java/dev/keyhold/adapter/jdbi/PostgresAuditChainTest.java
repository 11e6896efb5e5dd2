package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.AuditChains;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the audit chain looks like in PostgreSQL: appends from several nodes (pools) at once, the columns as stored,
 * and what a verifier sees after someone edits or deletes rows behind the port's back.
 */
class PostgresAuditChainTest {

  private JdbiStores stores;
  private JdbiStores otherNode;
  private Jdbi tables;

  @BeforeEach
  void emptyTables() {
    stores = EmbeddedDatabase.emptyStores();
    otherNode = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE).withMaxPoolSize(8));
    tables = Jdbi.create(EmbeddedDatabase.dataSource());
  }

  @AfterEach
  void closeOtherNode() {
    otherNode.close();
  }

  @Test
  void two_nodes_appending_at_once_build_one_unbroken_chain() {
    List<AuditLog> nodes = List.of(stores.auditLog(), otherNode.auditLog());

    List<Outcome<Void>> outcomes = Concurrently.run(16, thread -> {
      for (int n = 0; n < 10; n++) {
        nodes.get(thread % 2).append(event("node." + (thread % 2), Map.of("thread", thread + "", "n", n + "")));
      }
    });

    assertThat(outcomes).allMatch(Outcome::succeeded);
    List<AuditRecord> chain = AuditChains.readAll(stores.auditLog());
    assertThat(chain).hasSize(160);
    assertThat(AuditChains.firstBreak(chain)).isEmpty();
  }

  @Test
  void the_hashes_are_stored_next_to_the_event() {
    AuditRecord first = stores.auditLog().append(event("login.failed", Map.of("reason", "bad_password")));
    AuditRecord second = stores.auditLog().append(event("login.succeeded", Map.of()));

    List<Map<String, Object>> rows = tables.withHandle(handle -> handle
        .createQuery("SELECT id, prev_hash, hash FROM audit_events ORDER BY id")
        .mapToMap()
        .list());

    assertThat(rows).extracting(row -> row.get("id"), row -> row.get("prev_hash"), row -> row.get("hash"))
        .containsExactly(
            Tuple.tuple(first.seq(), AuditChain.GENESIS, first.hash()),
            Tuple.tuple(second.seq(), first.hash(), second.hash()));
  }

  @Test
  void an_edited_row_is_the_first_break_of_the_chain() {
    List<AuditRecord> appended = appendFive();
    long edited = appended.get(2).seq();

    tampering(handle -> handle.execute("UPDATE audit_events SET ip_address = '198.51.100.66' WHERE id = ?", edited));

    assertThat(AuditChains.firstBreak(stores.auditLog()))
        .contains(new AuditChain.Break(edited, AuditChain.Reason.HASH_MISMATCH));
  }

  @Test
  void an_edited_detail_is_the_first_break_of_the_chain() {
    List<AuditRecord> appended = appendFive();
    long edited = appended.get(1).seq();

    tampering(handle -> handle.execute(
        "UPDATE audit_events SET details = jsonb_set(details, '{reason}', '\"success\"') WHERE id = ?", edited));

    assertThat(AuditChains.firstBreak(stores.auditLog()))
        .contains(new AuditChain.Break(edited, AuditChain.Reason.HASH_MISMATCH));
  }

  @Test
  void a_deleted_row_breaks_the_link_of_the_row_after_it() {
    List<AuditRecord> appended = appendFive();

    tampering(handle -> handle.execute("DELETE FROM audit_events WHERE id = ?", appended.get(2).seq()));

    assertThat(AuditChains.firstBreak(stores.auditLog()))
        .contains(new AuditChain.Break(appended.get(3).seq(), AuditChain.Reason.PREVIOUS_HASH_MISMATCH));
  }

  @Test
  void a_row_edited_and_rehashed_breaks_the_link_of_the_row_after_it() {
    List<AuditRecord> appended = appendFive();
    AuditRecord victim = appended.get(1);
    AuditEvent forged = new AuditEvent("login.succeeded", "success", null, null, null, ClientInfo.unknown(), T0,
        Map.of("reason", "bad_password"));
    String rehashed = AuditChain.hash(victim.previousHash(), victim.seq(), forged);

    tampering(handle -> handle.execute("UPDATE audit_events SET action = 'login.succeeded', outcome = 'success', "
        + "ip_address = NULL, user_agent = NULL, request_id = NULL, hash = ? WHERE id = ?", rehashed, victim.seq()));

    assertThat(AuditChains.firstBreak(stores.auditLog()))
        .contains(new AuditChain.Break(appended.get(2).seq(), AuditChain.Reason.PREVIOUS_HASH_MISMATCH));
  }

  @Test
  void deleting_the_oldest_rows_breaks_the_first_remaining_one() {
    List<AuditRecord> appended = appendFive();

    tampering(handle -> handle.execute("DELETE FROM audit_events WHERE id <= ?", appended.get(1).seq()));

    assertThat(AuditChains.firstBreak(stores.auditLog()))
        .contains(new AuditChain.Break(appended.get(2).seq(), AuditChain.Reason.PREVIOUS_HASH_MISMATCH));
  }

  @Test
  void a_second_row_linked_to_the_same_predecessor_is_refused() {
    AuditRecord first = stores.auditLog().append(event("login.failed", Map.of()));

    assertThatThrownBy(() -> tables.useHandle(handle -> handle.execute("INSERT INTO audit_events (action, outcome, "
        + "occurred_at, prev_hash, hash) VALUES ('forged', 'success', now(), ?, ?)", AuditChain.GENESIS, first.hash())))
        .hasMessageContaining("audit_events_prev_hash_key");
  }

  @Test
  void a_row_without_hashes_is_refused() {
    assertThatThrownBy(() -> tables.useHandle(handle -> handle.execute(
        "INSERT INTO audit_events (action, outcome, occurred_at) VALUES ('login.failed', 'failure', now())")))
        .hasMessageContaining("prev_hash");
  }

  @Test
  void an_append_that_fails_stores_nothing_and_the_next_one_links_to_the_last_stored() {
    AuditRecord first = stores.auditLog().append(event("login.failed", Map.of()));
    AuditEvent unstorable = event("login.failed", Map.of("reason", "nul\u0000byte"));

    assertThatThrownBy(() -> stores.auditLog().append(unstorable)).isInstanceOf(StoreUnavailableException.class);
    AuditRecord next = stores.auditLog().append(event("login.succeeded", Map.of()));

    assertThat(next.previousHash()).isEqualTo(first.hash());
    assertThat(AuditChains.readAll(stores.auditLog())).containsExactly(first, next);
  }

  private List<AuditRecord> appendFive() {
    return List.of(
        stores.auditLog().append(event("register.succeeded", Map.of())),
        stores.auditLog().append(event("login.failed", Map.of("reason", "bad_password"))),
        stores.auditLog().append(event("login.succeeded", Map.of())),
        stores.auditLog().append(event("password.changed", Map.of())),
        stores.auditLog().append(event("session.logout", Map.of())));
  }

  /** Runs {@code change} as a superuser with triggers off, as someone with access to the database could. */
  private void tampering(HandleConsumer<RuntimeException> change) {
    tables.useTransaction(handle -> {
      handle.execute("SET LOCAL session_replication_role = replica");
      change.useHandle(handle);
    });
  }

  private static AuditEvent event(String action, Map<String, String> details) {
    return new AuditEvent(action, "failure", null, null, null, new ClientInfo("192.0.2.1", "ua", "req"), T0, details);
  }
}
