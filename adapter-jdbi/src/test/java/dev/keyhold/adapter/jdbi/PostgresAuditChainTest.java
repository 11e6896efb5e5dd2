package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.AuditChains;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
  void two_nodes_submitting_at_once_build_one_unbroken_chain_and_leave_nothing_queued() {
    List<AuditLog> nodes = List.of(stores.auditLog(), otherNode.auditLog());

    List<Outcome<Void>> outcomes = Concurrently.run(16, thread -> {
      for (int n = 0; n < 40; n++) {
        nodes.get(thread % 2).submit(event("node." + (thread % 2), Map.of("thread", thread + "", "n", n + "")));
      }
    });

    assertThat(outcomes).allMatch(Outcome::succeeded);
    List<AuditRecord> chain = AuditChains.readAll(otherNode.auditLog());
    assertThat(chain).hasSize(640);
    assertThat(AuditChains.firstBreak(chain)).isEmpty();
    assertThat(queued()).isZero();
    assertThat(linked()).isEqualTo(640);
  }

  @Test
  void an_event_a_node_queued_but_never_linked_is_linked_by_the_next_reader_on_any_node() {
    // what a node that died between its insert and its linker's round leaves behind
    tables.useHandle(handle -> handle.execute("INSERT INTO audit_queue (action, outcome, target_id, occurred_at, "
        + "details) VALUES ('login.failed', 'failure', 'ada', now(), '{\"reason\": \"unknown_email\"}')"));

    List<AuditRecord> found = otherNode.auditLog().search(
        new AuditFilter(null, "ada", null, null, null, null), Long.MAX_VALUE, 10);

    assertThat(found).singleElement().satisfies(record -> {
      assertThat(record.event().action()).isEqualTo("login.failed");
      assertThat(record.event().details()).containsExactly(Map.entry("reason", "unknown_email"));
      assertThat(record.previousHash()).isEqualTo(AuditChain.GENESIS);
    });
    assertThat(queued()).isZero();
    assertThat(AuditChains.firstBreak(stores.auditLog())).isEmpty();
  }

  @Test
  void the_background_linker_links_submitted_events_without_any_reader() {
    stores.auditLog().submit(event("login.succeeded", Map.of()));

    await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);
    List<String> actions = tables.withHandle(handle -> handle.createQuery("SELECT action FROM audit_events")
        .mapTo(String.class).list());
    assertThat(actions).containsExactly("login.succeeded");
  }

  @Test
  void closing_a_node_links_what_it_still_has_queued() {
    JdbiStores closing = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE));
    for (int n = 0; n < 50; n++) {
      closing.auditLog().submit(event("login.succeeded", Map.of("n", n + "")));
    }

    closing.close();

    assertThat(queued()).isZero();
    assertThat(linked()).isEqualTo(50);
  }

  private long linked() {
    return tables.withHandle(handle -> handle.createQuery("SELECT count(*) FROM audit_events").mapTo(Long.class).one());
  }

  private long queued() {
    return tables.withHandle(handle -> handle.createQuery("SELECT count(*) FROM audit_queue").mapTo(Long.class).one());
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

  /**
   * Follows docs/security.md without {@link AuditChain}: the documented query, the documented byte layout, SHA-256.
   * If the documentation and the code ever disagree, this fails.
   */
  @Test
  void the_documented_recipe_recomputes_every_stored_hash() throws Exception {
    stores.auditLog().append(new AuditEvent("login.failed", "failure", null, "0a0a", null,
        new ClientInfo("203.0.113.7", "", "req-1"), T0, Map.of("reason", "bad_password", "attempt", "3")));
    stores.auditLog().append(new AuditEvent("org.updated", "success", "0a0a", "0c0c", "0c0c",
        new ClientInfo(null, "Caf\u00e9", null), T0.truncatedTo(ChronoUnit.SECONDS),
        Map.of("\ud83d\udd11", "k", "\uff5e", "w", "name", "")));

    List<Map<String, Object>> rows = tables.withHandle(handle -> handle.createQuery(
            "SELECT id, action, outcome, actor_id, target_id, org_id, ip_address, user_agent, request_id, "
                + "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS occurred_at, "
                + "prev_hash, hash FROM audit_events ORDER BY id")
        .mapToMap()
        .list());

    String previous = "0".repeat(64);
    for (Map<String, Object> row : rows) {
      long id = (Long) row.get("id");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      text(out, "keyhold.audit.v1");
      text(out, previous);
      out.writeLong(id);
      for (String column : List.of("action", "outcome", "actor_id", "target_id", "org_id", "ip_address",
          "user_agent", "request_id", "occurred_at")) {
        text(out, (String) row.get(column));
      }
      TreeMap<String, String> details = new TreeMap<>((a, b) -> Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      details.putAll(tables.withHandle(handle -> handle
          .createQuery("SELECT key, value FROM audit_events, jsonb_each_text(details) WHERE id = :id")
          .bind("id", id)
          .map((r, context) -> Map.entry(r.getString("key"), r.getString("value")))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
      out.writeInt(details.size());
      for (Map.Entry<String, String> detail : details.entrySet()) {
        text(out, detail.getKey());
        text(out, detail.getValue());
      }
      String hash = HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));

      assertThat(row.get("prev_hash")).as("prev_hash of %d", id).isEqualTo(previous);
      assertThat(row.get("hash")).as("hash of %d", id).isEqualTo(hash);
      previous = hash;
    }
    assertThat(rows).hasSize(2);
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
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
