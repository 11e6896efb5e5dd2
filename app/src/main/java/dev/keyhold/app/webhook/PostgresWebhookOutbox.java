package dev.keyhold.app.webhook;

import dev.keyhold.identity.error.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The outbox in PostgreSQL's {@code webhook_outbox} table (migration V10 of adapter-jdbi). Claims use
 * {@code FOR UPDATE SKIP LOCKED}, so nodes share the work without waiting on each other.
 */
final class PostgresWebhookOutbox implements WebhookOutbox {

  private static final int MAX_ERROR_LENGTH = 500;

  private final DataSource dataSource;

  PostgresWebhookOutbox(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void enqueue(UUID eventId, String type, String body, Instant now) {
    update("INSERT INTO webhook_outbox (event_id, event_type, body, created_at, next_attempt_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING", eventId, type, body, ts(now), ts(now));
  }

  @Override
  public List<Delivery> claimDue(Instant now, int limit, Duration lease) {
    String sql = "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?"
        + " WHERE event_id IN (SELECT event_id FROM webhook_outbox"
        + "   WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= ?"
        + "   ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
        + " RETURNING event_id, event_type, body, attempts, created_at";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setTimestamp(1, ts(now.plus(lease)));
      statement.setTimestamp(2, ts(now));
      statement.setInt(3, limit);
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(new Row(new Delivery(result.getObject(1, UUID.class), result.getString(2), result.getString(3),
              result.getInt(4)), result.getTimestamp(5).toInstant()));
        }
      }
      rows.sort((a, b) -> a.createdAt.compareTo(b.createdAt));
      return rows.stream().map(Row::delivery).toList();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private record Row(Delivery delivery, Instant createdAt) {}

  @Override
  public void delivered(UUID eventId, Instant at) {
    update("UPDATE webhook_outbox SET delivered_at = ?, last_error = NULL WHERE event_id = ?", ts(at), eventId);
  }

  @Override
  public void retryAt(UUID eventId, Instant next, String error) {
    update("UPDATE webhook_outbox SET next_attempt_at = ?, last_error = ? WHERE event_id = ?", ts(next),
        truncate(error), eventId);
  }

  @Override
  public void giveUp(UUID eventId, Instant at, String error) {
    update("UPDATE webhook_outbox SET given_up_at = ?, last_error = ? WHERE event_id = ?", ts(at), truncate(error),
        eventId);
  }

  @Override
  public long backlog() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT count(*) FROM webhook_outbox WHERE delivered_at IS NULL AND given_up_at IS NULL");
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private void update(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }

  private static StoreUnavailableException unavailable(SQLException e) {
    return new StoreUnavailableException("the webhook outbox is unavailable: " + e.getSQLState(), e);
  }
}
