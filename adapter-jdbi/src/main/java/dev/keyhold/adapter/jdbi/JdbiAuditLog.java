package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.textArray;
import static dev.keyhold.adapter.jdbi.Columns.textList;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Audit records in {@code audit_events}, which a trigger keeps append-only, chained by {@code prev_hash} and
 * {@code hash} (computed here with {@link AuditChain}; the database only stores them).
 *
 * <p>An append is one transaction that first takes the transaction-scoped advisory lock {@value #CHAIN_LOCK}, then
 * reads the newest record's hash and draws the next id from the table's sequence, and inserts: every node's appends
 * are thereby serialized, each links to the one committed before it, and ids grow in commit order. The lock is held
 * until the commit, so appends run one at a time across the cluster (three statements and a commit each). (An advisory lock
 * needs no privilege on the table, so it works for a role that may only insert into it.) The read after the lock sees
 * the previous append under READ COMMITTED, PostgreSQL's default; should a stricter default isolation make it read an
 * older snapshot, or anything insert without the lock, the unique constraint on {@code prev_hash} refuses the fork
 * and the append fails instead.
 *
 * <p>The details become a {@code jsonb} object built by PostgreSQL itself ({@code jsonb_object(keys, values)}), so no
 * JSON is written by hand; they are read back with {@code jsonb_each_text}.
 */
final class JdbiAuditLog implements AuditLog {

  /** The advisory lock key that serializes appends: the ASCII bytes of {@code "kh-audit"}. */
  static final long CHAIN_LOCK = 0x6B682D6175646974L;

  static final int MAX_SEARCH_LIMIT = 1000;
  static final int MAX_CHAIN_LIMIT = 10_000;

  /** Every column of a record, the details as two arrays in the same key order. */
  static final String SELECT_RECORDS = "SELECT e.id, e.action, e.outcome, e.actor_id, e.target_id, e.org_id, "
      + "e.ip_address, e.user_agent, e.request_id, e.occurred_at, e.prev_hash, e.hash, d.detail_keys, "
      + "d.detail_values FROM audit_events e CROSS JOIN LATERAL (SELECT array_agg(key ORDER BY key) AS detail_keys, "
      + "array_agg(coalesce(value, 'null') ORDER BY key) AS detail_values FROM jsonb_each_text(e.details)) d ";

  private final Database database;

  JdbiAuditLog(Database database) {
    this.database = database;
  }

  @Override
  public AuditRecord append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    List<String> keys = new ArrayList<>(event.details().size());
    List<String> values = new ArrayList<>(event.details().size());
    for (Map.Entry<String, String> detail : event.details().entrySet()) {
      keys.add(detail.getKey());
      values.add(detail.getValue());
    }
    return database.transaction("append an audit event", handle -> {
      handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
          .bind("key", CHAIN_LOCK)
          .mapTo(Integer.class)
          .one();
      // A statement of its own after the lock: its snapshot then includes the append committed just before.
      Map<String, Object> next = handle.createQuery("SELECT (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) "
              + "AS previous, nextval(pg_get_serial_sequence('audit_events', 'id')) AS seq")
          .mapToMap()
          .one();
      String previous = next.get("previous") == null ? AuditChain.GENESIS : (String) next.get("previous");
      long seq = ((Number) next.get("seq")).longValue();
      AuditRecord record = AuditChain.link(previous, seq, event);
      handle.createUpdate(
              "INSERT INTO audit_events (id, action, outcome, actor_id, target_id, org_id, ip_address, user_agent, "
                  + "request_id, occurred_at, details, prev_hash, hash) VALUES (:id, :action, :outcome, :actor_id, "
                  + ":target_id, :org_id, :ip_address, :user_agent, :request_id, :occurred_at, "
                  + "jsonb_object(:keys, :values), :prev_hash, :hash)")
          .bind("id", seq)
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
          .bind("prev_hash", record.previousHash())
          .bind("hash", record.hash())
          .execute();
      return record;
    });
  }

  @Override
  public List<AuditRecord> search(AuditFilter filter, long beforeSeq, int limit) {
    Objects.requireNonNull(filter, "filter");
    requireLimit(limit, MAX_SEARCH_LIMIT);
    Map<String, Object> bindings = new HashMap<>();
    StringBuilder sql = new StringBuilder(SELECT_RECORDS).append("WHERE e.id < :before");
    condition(sql, bindings, "e.actor_id = :actor", "actor", filter.actorId());
    condition(sql, bindings, "e.target_id = :target", "target", filter.targetId());
    condition(sql, bindings, "e.action = :action", "action", filter.action());
    condition(sql, bindings, "e.org_id = :org", "org", filter.orgId());
    if (filter.from() != null) {
      sql.append(" AND e.occurred_at >= :from");
    }
    if (filter.to() != null) {
      sql.append(" AND e.occurred_at < :to");
    }
    sql.append(" ORDER BY e.id DESC LIMIT :limit");
    return database.call("search the audit log", handle -> {
      Query query = handle.createQuery(sql.toString())
          .bind("before", beforeSeq)
          .bind("limit", limit)
          .bindMap(bindings);
      if (filter.from() != null) {
        query.bind("from", timestamptz(filter.from()));
      }
      if (filter.to() != null) {
        query.bind("to", timestamptz(filter.to()));
      }
      return query.map((row, context) -> record(row)).list();
    });
  }

  @Override
  public List<AuditRecord> readChain(long afterSeq, int limit) {
    if (afterSeq < 0) {
      throw new IllegalArgumentException("afterSeq must not be negative");
    }
    requireLimit(limit, MAX_CHAIN_LIMIT);
    return database.call("read the audit chain", handle -> readChain(handle, afterSeq, limit));
  }

  /** {@link #readChain(long, int)} on a handle the caller holds (the migration's). */
  static List<AuditRecord> readChain(Handle handle, long afterSeq, int limit) {
    return handle.createQuery(SELECT_RECORDS + "WHERE e.id > :after ORDER BY e.id LIMIT :limit")
        .bind("after", afterSeq)
        .bind("limit", limit)
        .map((row, context) -> record(row))
        .list();
  }

  /** One row of {@link #SELECT_RECORDS}. */
  static AuditRecord record(ResultSet row) throws SQLException {
    return new AuditRecord(row.getLong("id"), event(row), row.getString("prev_hash"), row.getString("hash"));
  }

  /** The event of one row of {@link #SELECT_RECORDS}. */
  static AuditEvent event(ResultSet row) throws SQLException {
    List<String> keys = textList(row, "detail_keys");
    List<String> values = textList(row, "detail_values");
    Map<String, String> details = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      details.put(keys.get(i), values.get(i));
    }
    return new AuditEvent(
        row.getString("action"),
        row.getString("outcome"),
        row.getString("actor_id"),
        row.getString("target_id"),
        row.getString("org_id"),
        new ClientInfo(row.getString("ip_address"), row.getString("user_agent"), row.getString("request_id")),
        instant(row, "occurred_at"),
        details);
  }

  private static void condition(StringBuilder sql, Map<String, Object> bindings, String clause, String name,
      String value) {
    if (value != null) {
      sql.append(" AND ").append(clause);
      bindings.put(name, value);
    }
  }

  private static void requireLimit(int limit, int max) {
    if (limit < 1 || limit > max) {
      throw new IllegalArgumentException("limit must be 1 to " + max + ": " + limit);
    }
  }
}
