package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.code;
import static dev.keyhold.adapter.jdbi.Columns.fromCode;
import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.adapter.jdbi.Database.UniqueViolation;
import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** One-time tokens in {@code one_time_tokens}; consuming one is a single conditional update. */
final class JdbiOneTimeTokenRepository implements OneTimeTokenRepository {

  private final Database database;

  JdbiOneTimeTokenRepository(Database database) {
    this.database = database;
  }

  @Override
  public void insert(OneTimeToken token) {
    Objects.requireNonNull(token, "token");
    database.call("insert a one-time token", handle -> insert(handle, token),
        UniqueViolation.duplicate("a one-time token with this hash"));
  }

  /** {@inheritDoc} The token and the mail are inserted in one transaction; the mail is due at the token's creation. */
  @Override
  public void insertWithMail(OneTimeToken token, UUID mailId, Mailer.Message mail) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(mailId, "mailId");
    Objects.requireNonNull(mail, "mail");
    database.transaction("insert a one-time token and enqueue its mail", handle -> {
      insert(handle, token);
      JdbiMailOutbox.insert(handle, mailId, mail, token.createdAt());
      return null;
    }, UniqueViolation.duplicate("a one-time token with this hash or a mail with this id"));
  }

  private static int insert(Handle handle, OneTimeToken token) {
    return handle.createUpdate(
            "INSERT INTO one_time_tokens (token_hash, purpose, user_id, created_at, expires_at, used_at) "
                + "VALUES (:hash, :purpose, :user_id, :created_at, :expires_at, :used_at)")
        .bind("hash", token.hash().hex())
        .bind("purpose", code(token.purpose()))
        .bind("user_id", token.userId().value())
        .bind("created_at", timestamptz(token.createdAt()))
        .bind("expires_at", timestamptz(token.expiresAt()))
        .bind("used_at", timestamptz(token.usedAt()))
        .execute();
  }

  @Override
  public Optional<OneTimeToken> consume(TokenHash hash, OneTimeTokenPurpose purpose, Instant now) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(now, "now");
    // RETURNING shows the row after the update; the token as it was before is the same, unused.
    return database.call("consume a one-time token", handle -> handle
        .createQuery("UPDATE one_time_tokens SET used_at = :now "
            + "WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now "
            + "RETURNING token_hash, purpose, user_id, created_at, expires_at")
        .bind("hash", hash.hex())
        .bind("purpose", code(purpose))
        .bind("now", timestamptz(now))
        .map(JdbiOneTimeTokenRepository::unusedToken)
        .findOne());
  }

  @Override
  public int invalidateAll(UserId userId, OneTimeTokenPurpose purpose, Instant now) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(now, "now");
    return database.call("invalidate one-time tokens", handle -> handle.createUpdate(
            "UPDATE one_time_tokens SET used_at = :now "
                + "WHERE user_id = :user_id AND purpose = :purpose AND used_at IS NULL")
        .bind("user_id", userId.value())
        .bind("purpose", code(purpose))
        .bind("now", timestamptz(now))
        .execute());
  }

  private static OneTimeToken unusedToken(ResultSet row, StatementContext context) throws SQLException {
    return new OneTimeToken(
        new TokenHash(row.getString("token_hash")),
        fromCode(OneTimeTokenPurpose.class, row.getString("purpose")),
        new UserId(uuid(row, "user_id")),
        instant(row, "created_at"),
        instant(row, "expires_at"),
        null);
  }
}
