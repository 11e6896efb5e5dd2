package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * TOTP credentials in {@code totp_credentials}, one row per user. Every change is one statement whose {@code WHERE}
 * holds the condition (pending, confirmed, an earlier step), so PostgreSQL re-checks it on the newest row when
 * statements of several nodes meet, and at most one of them changes it.
 */
final class JdbiTotpCredentialRepository implements TotpCredentialRepository {

  private static final String COLUMNS = "user_id, secret_sealed, created_at, confirmed_at, last_used_step";

  private final Database database;

  JdbiTotpCredentialRepository(Database database) {
    this.database = database;
  }

  @Override
  public boolean savePending(TotpCredential pending) {
    Objects.requireNonNull(pending, "pending");
    if (pending.confirmed()) {
      throw new IllegalArgumentException("a pending credential has no confirmation time");
    }
    // The update of the upsert happens only while the stored credential is pending; when it is confirmed, the
    // statement changes no row.
    return database.call("save a pending TOTP credential", handle -> handle.createUpdate(
            "INSERT INTO totp_credentials (" + COLUMNS + ") "
                + "VALUES (:user_id, :secret_sealed, :created_at, NULL, :last_used_step) "
                + "ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, "
                + "created_at = EXCLUDED.created_at, confirmed_at = NULL, last_used_step = EXCLUDED.last_used_step "
                + "WHERE totp_credentials.confirmed_at IS NULL")
        .bind("user_id", pending.userId().value())
        .bind("secret_sealed", pending.sealedSecret())
        .bind("created_at", timestamptz(pending.createdAt()))
        .bind("last_used_step", pending.lastUsedStep())
        .execute()) == 1;
  }

  @Override
  public Optional<TotpCredential> find(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("find a TOTP credential", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM totp_credentials WHERE user_id = :user_id")
        .bind("user_id", userId.value())
        .map(JdbiTotpCredentialRepository::credential)
        .findOne());
  }

  @Override
  public boolean confirm(UserId userId, long step, Instant at) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(at, "at");
    return database.call("confirm a TOTP credential", handle -> handle.createUpdate(
            "UPDATE totp_credentials SET confirmed_at = :at, last_used_step = :step "
                + "WHERE user_id = :user_id AND confirmed_at IS NULL")
        .bind("user_id", userId.value())
        .bind("at", timestamptz(at))
        .bind("step", step)
        .execute()) == 1;
  }

  @Override
  public boolean useStep(UserId userId, long step) {
    Objects.requireNonNull(userId, "userId");
    return database.call("use a TOTP step", handle -> handle.createUpdate(
            "UPDATE totp_credentials SET last_used_step = :step "
                + "WHERE user_id = :user_id AND confirmed_at IS NOT NULL "
                + "AND (last_used_step IS NULL OR last_used_step < :step)")
        .bind("user_id", userId.value())
        .bind("step", step)
        .execute()) == 1;
  }

  @Override
  public boolean delete(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("delete a TOTP credential", handle -> handle
        .createUpdate("DELETE FROM totp_credentials WHERE user_id = :user_id")
        .bind("user_id", userId.value())
        .execute()) == 1;
  }

  @Override
  public List<TotpCredential> findPage(UserId after, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive");
    }
    return database.call("list TOTP credentials", handle -> {
      var query = handle.createQuery("SELECT " + COLUMNS + " FROM totp_credentials "
          + (after == null ? "" : "WHERE user_id > :after ") + "ORDER BY user_id LIMIT :limit");
      if (after != null) {
        query.bind("after", after.value());
      }
      return query.bind("limit", limit)
          .map(JdbiTotpCredentialRepository::credential)
          .list();
    });
  }

  @Override
  public boolean replaceSealedSecret(UserId userId, String expectedSealed, String sealed) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(expectedSealed, "expectedSealed");
    Objects.requireNonNull(sealed, "sealed");
    return database.call("reseal a TOTP secret", handle -> handle.createUpdate(
            "UPDATE totp_credentials SET secret_sealed = :sealed "
                + "WHERE user_id = :user_id AND secret_sealed = :expected")
        .bind("user_id", userId.value())
        .bind("expected", expectedSealed)
        .bind("sealed", sealed)
        .execute()) == 1;
  }

  private static TotpCredential credential(ResultSet row, StatementContext context) throws SQLException {
    return new TotpCredential(
        new UserId(uuid(row, "user_id")),
        row.getString("secret_sealed"),
        instant(row, "created_at"),
        instant(row, "confirmed_at"),
        row.getObject("last_used_step", Long.class));
  }
}
