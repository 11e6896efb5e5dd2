package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.code;
import static dev.keyhold.adapter.jdbi.Columns.fromCode;
import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.adapter.jdbi.Database.UniqueViolation;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.spi.LinkRequestQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Link requests in {@code link_requests}. {@code due_at} starts at the request's time and moves to the end of each
 * claim's lease; a claim is one statement locking due rows with {@code FOR UPDATE SKIP LOCKED}, so concurrent workers
 * (also on other nodes) skip each other's rows.
 */
final class JdbiLinkRequestQueue implements LinkRequestQueue {

  private static final String COLUMNS =
      "seq, id, kind, email, ip_address, user_agent, request_id, requested_at, attempts";

  private record Claimed(long seq, Request request) {}

  private final Database database;

  JdbiLinkRequestQueue(Database database) {
    this.database = database;
  }

  @Override
  public void enqueue(Request request) {
    Objects.requireNonNull(request, "request");
    database.call("queue a link request", handle -> handle
        .createUpdate("INSERT INTO link_requests (id, kind, email, ip_address, user_agent, request_id, requested_at, "
            + "attempts, due_at) VALUES (:id, :kind, :email, :ip, :agent, :request_id, :at, 0, :at)")
        .bind("id", request.id())
        .bind("kind", code(request.kind()))
        .bind("email", request.email())
        .bind("ip", request.client().ipAddress())
        .bind("agent", request.client().userAgent())
        .bind("request_id", request.client().requestId())
        .bind("at", timestamptz(request.requestedAt()))
        .execute(), UniqueViolation.duplicate("a link request with this id"));
  }

  @Override
  public List<Request> claim(Instant now, int max, Duration lease) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive");
    }
    List<Claimed> claimed = database.call("claim link requests", handle -> handle
        .createQuery("UPDATE link_requests SET attempts = attempts + 1, due_at = :leased_until "
            + "WHERE id IN (SELECT id FROM link_requests WHERE due_at <= :now "
            + "ORDER BY requested_at, seq LIMIT :max FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
        .bind("now", timestamptz(now))
        .bind("leased_until", timestamptz(now.plus(lease)))
        .bind("max", max)
        .map(JdbiLinkRequestQueue::request)
        .list());
    // RETURNING gives no order.
    List<Claimed> ordered = new ArrayList<>(claimed);
    ordered.sort(Comparator.comparing((Claimed c) -> c.request().requestedAt()).thenComparingLong(Claimed::seq));
    return ordered.stream().map(Claimed::request).toList();
  }

  @Override
  public void complete(UUID id) {
    Objects.requireNonNull(id, "id");
    database.call("delete a link request", handle -> handle
        .createUpdate("DELETE FROM link_requests WHERE id = :id")
        .bind("id", id)
        .execute());
  }

  @Override
  public int backlog() {
    return database.call("count link requests", handle -> handle
        .createQuery("SELECT count(*) FROM link_requests")
        .mapTo(Integer.class)
        .one());
  }

  private static Claimed request(ResultSet row, StatementContext context) throws SQLException {
    return new Claimed(row.getLong("seq"), new Request(
        uuid(row, "id"),
        fromCode(Kind.class, row.getString("kind")),
        row.getString("email"),
        new ClientInfo(row.getString("ip_address"), row.getString("user_agent"), row.getString("request_id")),
        instant(row, "requested_at"),
        row.getInt("attempts")));
  }
}
