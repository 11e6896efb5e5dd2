package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;

import dev.keyhold.adapter.jdbi.Database.UniqueViolation;
import dev.keyhold.identity.model.token.PendingEmailChange;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.EmailChangeRepository;
import dev.keyhold.identity.spi.Mailer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Pending email changes in {@code pending_email_changes}, keyed by user (one each): replacing is an upsert in the
 * transaction that enqueues its mail; taking is one {@code DELETE ... RETURNING}, so of concurrent takes one wins.
 */
final class JdbiEmailChangeRepository implements EmailChangeRepository {

  private final Database database;

  JdbiEmailChangeRepository(Database database) {
    this.database = database;
  }

  @Override
  public void replaceWithMail(PendingEmailChange change, UUID mailId, Mailer.Message mail) {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(mailId, "mailId");
    Objects.requireNonNull(mail, "mail");
    database.transaction("replace a pending email change and enqueue its mail", handle -> {
      handle.createUpdate("INSERT INTO pending_email_changes (user_id, token_hash, new_email_normalized, "
              + "new_email_display, requested_by, created_at, expires_at) VALUES (:user_id, :hash, :normalized, "
              + ":display, :requested_by, :created_at, :expires_at) ON CONFLICT (user_id) DO UPDATE SET "
              + "token_hash = EXCLUDED.token_hash, new_email_normalized = EXCLUDED.new_email_normalized, "
              + "new_email_display = EXCLUDED.new_email_display, requested_by = EXCLUDED.requested_by, "
              + "created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at")
          .bind("user_id", change.userId().value())
          .bind("hash", change.hash().hex())
          .bind("normalized", change.newEmail().normalized())
          .bind("display", change.newEmail().display())
          .bind("requested_by", change.requestedBy() == null ? null : change.requestedBy().value())
          .bind("created_at", timestamptz(change.createdAt()))
          .bind("expires_at", timestamptz(change.expiresAt()))
          .execute();
      JdbiMailOutbox.insert(handle, mailId, mail, change.createdAt());
      return null;
    }, UniqueViolation.duplicate("a pending email change with this hash or a mail with this id"));
  }

  @Override
  public Optional<PendingEmailChange> take(TokenHash hash, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(now, "now");
    return database.call("take a pending email change", handle -> handle
            .createQuery("DELETE FROM pending_email_changes WHERE token_hash = :hash "
                + "RETURNING user_id, token_hash, new_email_normalized, new_email_display, requested_by, created_at, "
                + "expires_at")
            .bind("hash", hash.hex())
            .map(JdbiEmailChangeRepository::change)
            .findOne())
        .filter(change -> now.isBefore(change.expiresAt()));
  }

  private static PendingEmailChange change(ResultSet row, StatementContext context) throws SQLException {
    UUID requestedBy = row.getObject("requested_by", UUID.class);
    return new PendingEmailChange(
        new TokenHash(row.getString("token_hash")),
        new UserId(row.getObject("user_id", UUID.class)),
        new Email(row.getString("new_email_normalized"), row.getString("new_email_display")),
        requestedBy == null ? null : new SessionId(requestedBy),
        instant(row, "created_at"),
        instant(row, "expires_at"));
  }
}
