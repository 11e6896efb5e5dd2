package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.timestamptz;

import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Recovery codes in {@code recovery_codes}, one row per (user, hash). Using a code is one conditional update;
 * replacing a set is one transaction that first locks the user's row ({@code FOR NO KEY UPDATE}, which foreign-key
 * checks do not wait for), so replacements of one user's set take turns on every node and never leave a union of
 * two sets, and readers see the old set or the new one.
 */
final class JdbiRecoveryCodeRepository implements RecoveryCodeRepository {

  private final Database database;

  JdbiRecoveryCodeRepository(Database database) {
    this.database = database;
  }

  /** {@inheritDoc} A hash given twice is stored once. */
  @Override
  public void replace(UserId userId, List<TokenHash> codes, Instant at) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(at, "at");
    List<TokenHash> newCodes = List.copyOf(codes);
    database.transaction("replace the recovery codes", handle -> {
      handle.createQuery("SELECT id FROM users WHERE id = :user_id FOR NO KEY UPDATE")
          .bind("user_id", userId.value())
          .mapTo(UUID.class)
          .findOne();
      handle.createUpdate("DELETE FROM recovery_codes WHERE user_id = :user_id")
          .bind("user_id", userId.value())
          .execute();
      if (newCodes.isEmpty()) {
        return null;
      }
      PreparedBatch batch = handle.prepareBatch(
          "INSERT INTO recovery_codes (user_id, code_hash, created_at, used_at) "
              + "VALUES (:user_id, :code_hash, :created_at, NULL) ON CONFLICT DO NOTHING");
      for (TokenHash code : newCodes) {
        batch.bind("user_id", userId.value())
            .bind("code_hash", code.hex())
            .bind("created_at", timestamptz(at))
            .add();
      }
      batch.execute();
      return null;
    });
  }

  @Override
  public boolean use(UserId userId, TokenHash code, Instant at) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(at, "at");
    return database.call("use a recovery code", handle -> handle.createUpdate(
            "UPDATE recovery_codes SET used_at = :at "
                + "WHERE user_id = :user_id AND code_hash = :code_hash AND used_at IS NULL")
        .bind("user_id", userId.value())
        .bind("code_hash", code.hex())
        .bind("at", timestamptz(at))
        .execute()) == 1;
  }

  @Override
  public int remaining(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("count the unused recovery codes", handle -> handle
        .createQuery("SELECT count(*) FROM recovery_codes WHERE user_id = :user_id AND used_at IS NULL")
        .bind("user_id", userId.value())
        .mapTo(Integer.class)
        .one());
  }

  @Override
  public int deleteAll(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("delete the recovery codes", handle -> handle
        .createUpdate("DELETE FROM recovery_codes WHERE user_id = :user_id")
        .bind("user_id", userId.value())
        .execute());
  }
}
