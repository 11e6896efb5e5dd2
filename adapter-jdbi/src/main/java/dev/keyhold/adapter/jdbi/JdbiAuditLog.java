package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.textArray;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;

import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Audit events in {@code audit_events}, which a trigger keeps append-only. The details become a {@code jsonb}
 * object built by PostgreSQL itself ({@code jsonb_object(keys, values)}), so no JSON is written by hand.
 */
final class JdbiAuditLog implements AuditLog {

  private final Database database;

  JdbiAuditLog(Database database) {
    this.database = database;
  }

  @Override
  public void append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    List<String> keys = new ArrayList<>(event.details().size());
    List<String> values = new ArrayList<>(event.details().size());
    for (Map.Entry<String, String> detail : event.details().entrySet()) {
      keys.add(detail.getKey());
      values.add(detail.getValue());
    }
    database.call("append an audit event", handle -> handle.createUpdate(
            "INSERT INTO audit_events (action, outcome, actor_id, target_id, org_id, ip_address, user_agent, "
                + "request_id, occurred_at, details) VALUES (:action, :outcome, :actor_id, :target_id, :org_id, "
                + ":ip_address, :user_agent, :request_id, :occurred_at, jsonb_object(:keys, :values))")
        .bind("action", event.action())
        .bind("outcome", event.outcome())
        .bind("actor_id", event.actorId())
        .bind("target_id", event.targetId())
        .bind("org_id", event.orgId())
        .bind("ip_address", event.client().ipAddress())
        .bind("user_agent", event.client().userAgent())
        .bind("request_id", event.client().requestId())
        .bind("occurred_at", timestamptz(event.at()))
        .bind("keys", textArray(keys))
        .bind("values", textArray(values))
        .execute());
  }
}
