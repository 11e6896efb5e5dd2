package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.AuditLogContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

class JdbiAuditLogTest extends AuditLogContract {

  @Override
  protected AuditLog newAuditLog() {
    return EmbeddedDatabase.emptyStores().auditLog();
  }

  /** Every row of {@code audit_events} in insertion (id) order, details read back key by key. */
  @Override
  protected Optional<List<AuditEvent>> readBack(AuditLog log) {
    Jdbi jdbi = Jdbi.create(EmbeddedDatabase.dataSource());
    return Optional.of(jdbi.withHandle(handle -> handle.createQuery(
            "SELECT id, action, outcome, actor_id, target_id, org_id, ip_address, user_agent, request_id, "
                + "occurred_at FROM audit_events ORDER BY id")
        .map((row, context) -> new AuditEvent(
            row.getString("action"),
            row.getString("outcome"),
            row.getString("actor_id"),
            row.getString("target_id"),
            row.getString("org_id"),
            new ClientInfo(row.getString("ip_address"), row.getString("user_agent"), row.getString("request_id")),
            instant(row, "occurred_at"),
            details(jdbi, row.getLong("id"))))
        .list()));
  }

  private static Map<String, String> details(Jdbi jdbi, long id) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT key, value FROM audit_events, jsonb_each_text(details) WHERE id = :id")
        .bind("id", id)
        .map((row, context) -> Map.entry(row.getString("key"), row.getString("value")))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }
}
