package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.textArray;
import static dev.keyhold.adapter.jdbi.Columns.textList;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;

import dev.keyhold.identity.error.StoreUnavailableException;
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
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Audit records in {@code audit_events}, which a trigger keeps append-only, chained by {@code prev_hash} and
 * {@code hash} (computed here with {@link AuditChain}; the database only stores them).
 *
 * <p>Linking takes the transaction-scoped advisory lock {@value #CHAIN_LOCK}, reads the newest record's hash, draws
 * ids from the table's sequence and inserts: every node's links are thereby serialized, each record links to the one
 * committed before it, and ids grow in commit order. (An advisory lock needs no privilege on the table, so it works
 * for a role that may only insert into it.) The read after the lock sees the previous link under READ COMMITTED,
 * PostgreSQL's default; should a stricter default isolation make it read an older snapshot, or anything insert
 * without the lock, the unique constraint on {@code prev_hash} refuses the fork and the link fails instead.
 *
 * <p>{@link #submit} keeps the lock off the caller's path: it inserts the event into {@code audit_queue} (one
 * statement) and wakes the {@link AuditLinker}, which moves queued events into the chain in batches of up to
 * {@value #LINK_BATCH}, in queue-id order, deleting them from the queue in the same transaction. {@link #search},
 * {@link #readChain} and {@link #append} link whatever is queued first, so a reader on any node never misses a
 * submitted event, whether or not this node's linker has run. {@link #append} links its event at once.
 *
 * <p>The details become a {@code jsonb} object built by PostgreSQL itself ({@code jsonb_object(keys, values)}), so no
 * JSON is written by hand; they are read back with {@code jsonb_each_text}.
 */
final class JdbiAuditLog implements AuditLog, AutoCloseable {

  /** The advisory lock key that serializes links: the ASCII bytes of {@code "kh-audit"}. */
  static final long CHAIN_LOCK = 0x6B682D6175646974L;

  static final int MAX_SEARCH_LIMIT = 1000;
  static final int MAX_CHAIN_LIMIT = 10_000;
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  /** At most this many queued events are linked in one transaction. */
  static final int LINK_BATCH = 500;

  /** Every column of a record, the details as two arrays in the same key order. */
  static final String SELECT_RECORDS = "SELECT e.id, e.action, e.outcome, e.actor_id, e.target_id, e.org_id, "
      + "e.ip_address, e.user_agent, e.request_id, e.occurred_at, e.prev_hash, e.hash, d.detail_keys, "
      + "d.detail_values FROM audit_events e CROSS JOIN LATERAL (SELECT array_agg(key ORDER BY key) AS detail_keys, "
      + "array_agg(coalesce(value, 'null') ORDER BY key) AS detail_values FROM jsonb_each_text(e.details)) d ";

  /** Every column of a queued event, as {@link #event} reads them. */
  private static final String SELECT_QUEUED = "SELECT q.id, q.action, q.outcome, q.actor_id, q.target_id, "
      + "q.org_id, q.ip_address, q.user_agent, q.request_id, q.occurred_at, d.detail_keys, d.detail_values "
      + "FROM audit_queue q CROSS JOIN LATERAL (SELECT array_agg(key ORDER BY key) AS detail_keys, "
      + "array_agg(coalesce(value, 'null') ORDER BY key) AS detail_values FROM jsonb_each_text(q.details)) d "
      + "ORDER BY q.id LIMIT :limit";

  private static final String EVENT_COLUMNS = "action, outcome, actor_id, target_id, org_id, ip_address, user_agent, "
      + "request_id, occurred_at, details";
  private static final String EVENT_VALUES = ":action, :outcome, :actor_id, :target_id, :org_id, :ip_address, "
      + ":user_agent, :request_id, :occurred_at, jsonb_object(:keys, :values)";

  private final Database database;
  private final AuditLinker linker;

  JdbiAuditLog(Database database) {
    this.database = database;
    this.linker = new AuditLinker(this::linkQueued);
  }

  @Override
  public AuditRecord append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    return database.transaction("append an audit event", handle -> {
      lockChain(handle);
      // what was submitted before links before this event
      int linked;
      do {
        linked = linkBatch(handle);
      } while (linked == LINK_BATCH);
      long seq = nextIds(handle, 1).get(0);
      AuditRecord record = AuditChain.link(newestHash(handle), seq, event);
      insertRecords(handle, List.of(record));
      return record;
    });
  }

  @Override
  public void submit(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    database.call("record an audit event", handle -> bindEvent(
        handle.createUpdate("INSERT INTO audit_queue (" + EVENT_COLUMNS + ") VALUES (" + EVENT_VALUES + ")"), event)
        .execute());
    database.afterCommit(linker::wake);
  }

  /**
   * Links every queued event into the chain, in batches, and answers how many it linked. Cheap when nothing is
   * queued: one read, without the lock.
   */
  int linkQueued() {
    boolean queued = database.call("look for queued audit events", handle ->
        handle.createQuery("SELECT EXISTS (SELECT 1 FROM audit_queue)").mapTo(Boolean.class).one());
    int total = 0;
    while (queued) {
      int linked = database.transaction("link queued audit events", handle -> {
        lockChain(handle);
        return linkBatch(handle);
      });
      total += linked;
      queued = linked == LINK_BATCH;
    }
    return total;
  }

  /**
   * {@link #linkQueued}, except that a role without the rights to link (a verifier granted only {@code SELECT} on
   * {@code audit_events}) reads on without linking: it then checks the chain as linked so far.
   */
  private void linkQueuedIfAllowed() {
    try {
      linkQueued();
    } catch (StoreUnavailableException e) {
      SQLException cause = Database.sqlCause(e);
      if (cause == null || !INSUFFICIENT_PRIVILEGE.equals(cause.getSQLState())) {
        throw e;
      }
    }
  }

  /** Stops the background linker, then links what is still queued if the database lets it. */
  @Override
  public void close() {
    linker.close();
  }

  /** Links up to {@link #LINK_BATCH} queued events on a handle holding the chain's lock; answers how many. */
  private static int linkBatch(Handle handle) {
    List<Long> queueIds = new ArrayList<>();
    List<AuditEvent> events = handle.createQuery(SELECT_QUEUED)
        .bind("limit", LINK_BATCH)
        .map((row, context) -> {
          queueIds.add(row.getLong("id"));
          return event(row);
        })
        .list();
    if (events.isEmpty()) {
      return 0;
    }
    List<Long> ids = nextIds(handle, events.size());
    String previous = newestHash(handle);
    List<AuditRecord> records = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      AuditRecord record = AuditChain.link(previous, ids.get(i), events.get(i));
      records.add(record);
      previous = record.hash();
    }
    insertRecords(handle, records);
    handle.createUpdate("DELETE FROM audit_queue WHERE id = ANY(:ids)")
        .bindArray("ids", Long.class, queueIds)
        .execute();
    return events.size();
  }

  private static void lockChain(Handle handle) {
    handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
        .bind("key", CHAIN_LOCK)
        .mapTo(Integer.class)
        .one();
  }

  /**
   * The newest record's hash, or {@link AuditChain#GENESIS}. A statement of its own after the lock: its snapshot
   * then includes the link committed just before.
   */
  private static String newestHash(Handle handle) {
    return handle.createQuery("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1")
        .mapTo(String.class)
        .findOne()
        .orElse(AuditChain.GENESIS);
  }

  /** {@code count} new ids from the table's sequence, ascending; under the lock, greater than every stored id. */
  private static List<Long> nextIds(Handle handle, int count) {
    return handle.createQuery("SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) AS id "
            + "FROM generate_series(1, :count) ORDER BY id")
        .bind("count", count)
        .mapTo(Long.class)
        .list();
  }

  private static void insertRecords(Handle handle, List<AuditRecord> records) {
    PreparedBatch batch = handle.prepareBatch("INSERT INTO audit_events (id, " + EVENT_COLUMNS + ", prev_hash, hash) "
        + "VALUES (:id, " + EVENT_VALUES + ", :prev_hash, :hash)");
    for (AuditRecord record : records) {
      bindEvent(batch, record.event())
          .bind("id", record.seq())
          .bind("prev_hash", record.previousHash())
          .bind("hash", record.hash())
          .add();
    }
    batch.execute();
  }

  private static <S extends SqlStatement<S>> S bindEvent(S statement, AuditEvent event) {
    List<String> keys = new ArrayList<>(event.details().size());
    List<String> values = new ArrayList<>(event.details().size());
    for (Map.Entry<String, String> detail : event.details().entrySet()) {
      keys.add(detail.getKey());
      values.add(detail.getValue());
    }
    return statement
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
        .bind("values", textArray(values));
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
    linkQueued();
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
    linkQueuedIfAllowed();
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
