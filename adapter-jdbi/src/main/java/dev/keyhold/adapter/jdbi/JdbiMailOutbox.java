package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.adapter.jdbi.Database.UniqueViolation;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The mail outbox in {@code mail_outbox}. A claim is one statement: the due rows are locked with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers (also on other nodes) skip each other's rows instead of
 * waiting for them or taking them twice, and leased by moving {@code next_attempt_at} to {@code now + lease}.
 */
final class JdbiMailOutbox implements MailOutbox {

  /** The longest {@code last_error} stored; longer messages are cut. */
  static final int MAX_ERROR_LENGTH = 500;

  private static final String COLUMNS =
      "id, recipient, subject, text_body, html_body, created_at, attempts, next_attempt_at, last_error";
  private static final Comparator<Entry> OLDEST_FIRST =
      Comparator.comparing(Entry::createdAt).thenComparing(Entry::id);

  private final Database database;

  JdbiMailOutbox(Database database) {
    this.database = database;
  }

  @Override
  public void enqueue(UUID id, Mailer.Message message, Instant now) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(now, "now");
    database.call("enqueue a mail", handle -> {
      insert(handle, id, message, now);
      return null;
    }, UniqueViolation.duplicate("a mail with this id"));
  }

  /**
   * Inserts a message due at {@code now} on {@code handle}, for repositories that enqueue within their own
   * transaction.
   */
  static void insert(Handle handle, UUID id, Mailer.Message message, Instant now) {
    Objects.requireNonNull(id, "mailId");
    Objects.requireNonNull(message, "mail");
    handle.createUpdate("INSERT INTO mail_outbox (id, recipient, subject, text_body, html_body, created_at, "
            + "attempts, next_attempt_at) VALUES (:id, :recipient, :subject, :text_body, :html_body, :now, 0, :now)")
        .bind("id", id)
        .bind("recipient", message.to())
        .bind("subject", message.subject())
        .bind("text_body", message.textBody())
        .bind("html_body", message.htmlBody())
        .bind("now", timestamptz(now))
        .execute();
  }

  @Override
  public List<Entry> claim(Instant now, int max, Duration lease) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative");
    }
    if (lease.isNegative()) {
      throw new IllegalArgumentException("lease must not be negative");
    }
    if (max == 0) {
      return List.of();
    }
    Instant leasedUntil = now.plus(lease);
    List<Entry> claimed = database.call("claim mail", handle -> handle
        .createQuery("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = :leased_until "
            + "WHERE id IN (SELECT id FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= :now "
            + "ORDER BY created_at, id LIMIT :max FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
        .bind("now", timestamptz(now))
        .bind("leased_until", timestamptz(leasedUntil))
        .bind("max", max)
        .map(JdbiMailOutbox::entry)
        .list());
    // RETURNING gives no order.
    List<Entry> ordered = new ArrayList<>(claimed);
    ordered.sort(OLDEST_FIRST);
    return List.copyOf(ordered);
  }

  @Override
  public void markSent(UUID id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    database.call("mark a mail sent", handle -> handle
        .createUpdate("UPDATE mail_outbox SET sent_at = :at WHERE id = :id AND sent_at IS NULL")
        .bind("id", id)
        .bind("at", timestamptz(at))
        .execute());
  }

  @Override
  public void markFailed(UUID id, String error, Instant nextAttemptAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    database.call("mark a mail failed", handle -> handle
        .createUpdate("UPDATE mail_outbox SET last_error = :error, next_attempt_at = :next_attempt_at "
            + "WHERE id = :id AND sent_at IS NULL")
        .bind("id", id)
        .bind("error", truncated(error))
        .bind("next_attempt_at", timestamptz(nextAttemptAt))
        .execute());
  }

  @Override
  public int backlog() {
    return database.call("count unsent mail", handle -> handle
        .createQuery("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL")
        .mapTo(Integer.class)
        .one());
  }

  /** {@code error} cut to {@link #MAX_ERROR_LENGTH} characters, without splitting a surrogate pair. */
  static String truncated(String error) {
    if (error == null || error.length() <= MAX_ERROR_LENGTH) {
      return error;
    }
    int end = MAX_ERROR_LENGTH;
    if (Character.isHighSurrogate(error.charAt(end - 1))) {
      end--;
    }
    return error.substring(0, end);
  }

  private static Entry entry(ResultSet row, StatementContext context) throws SQLException {
    return new Entry(
        uuid(row, "id"),
        new Mailer.Message(row.getString("recipient"), row.getString("subject"), row.getString("text_body"),
            row.getString("html_body")),
        instant(row, "created_at"),
        row.getInt("attempts"),
        instant(row, "next_attempt_at"),
        row.getString("last_error"));
  }
}
