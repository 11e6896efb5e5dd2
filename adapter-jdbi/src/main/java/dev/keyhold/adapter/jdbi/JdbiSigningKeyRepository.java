package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;

import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.spi.SigningKeyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Signing keys in {@code signing_keys}. The partial unique index {@code signing_keys_one_current_idx} allows at most
 * one row without {@code retires_at}, so racing nodes cannot create two current keys.
 */
final class JdbiSigningKeyRepository implements SigningKeyRepository {

  private static final String ONE_CURRENT_INDEX = "signing_keys_one_current_idx";
  private static final String COLUMNS =
      "kid, algorithm, public_jwk, sealed_private_key, created_at, activates_at, retires_at, expires_at";

  private final Database database;

  JdbiSigningKeyRepository(Database database) {
    this.database = database;
  }

  @Override
  public List<StoredSigningKey> findAll() {
    return database.call("list the signing keys", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM signing_keys ORDER BY created_at, kid")
        .map(JdbiSigningKeyRepository::key)
        .list());
  }

  @Override
  public Optional<StoredSigningKey> findCurrent() {
    return database.call("find the current signing key", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM signing_keys WHERE retires_at IS NULL")
        .map(JdbiSigningKeyRepository::key)
        .findOne());
  }

  @Override
  public boolean insertFirst(StoredSigningKey key) {
    requireCurrent(key, "key");
    return database.call("store the first signing key", handle -> insert(handle, key) == 1,
        constraint -> {
          if (ONE_CURRENT_INDEX.equals(constraint)) {
            return false;
          }
          throw new IllegalStateException("a signing key with kid " + key.kid() + " already exists");
        });
  }

  @Override
  public boolean rotate(String currentKid, Instant retiresAt, Instant expiresAt, StoredSigningKey next) {
    Objects.requireNonNull(currentKid, "currentKid");
    Objects.requireNonNull(retiresAt, "retiresAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    requireCurrent(next, "next");
    return database.transaction("rotate the signing key", handle -> {
      int retired = handle.createUpdate("UPDATE signing_keys SET retires_at = :retires_at, expires_at = :expires_at "
              + "WHERE kid = :kid AND retires_at IS NULL")
          .bind("kid", currentKid)
          .bind("retires_at", timestamptz(retiresAt))
          .bind("expires_at", timestamptz(expiresAt))
          .execute();
      if (retired != 1) {
        return false;
      }
      insert(handle, next);
      return true;
    }, constraint -> {
      throw new IllegalStateException("a signing key with kid " + next.kid() + " already exists");
    });
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return database.call("delete expired signing keys", handle -> handle
        .createUpdate("DELETE FROM signing_keys WHERE expires_at <= :now")
        .bind("now", timestamptz(now))
        .execute());
  }

  @Override
  public boolean replaceSealedPrivateKey(String kid, String expectedSealed, String sealed) {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(expectedSealed, "expectedSealed");
    Objects.requireNonNull(sealed, "sealed");
    return database.call("reseal a signing key", handle -> handle.createUpdate(
            "UPDATE signing_keys SET sealed_private_key = :sealed "
                + "WHERE kid = :kid AND sealed_private_key = :expected")
        .bind("kid", kid)
        .bind("expected", expectedSealed)
        .bind("sealed", sealed)
        .execute()) == 1;
  }

  private static void requireCurrent(StoredSigningKey key, String name) {
    Objects.requireNonNull(key, name);
    if (!key.current()) {
      throw new IllegalArgumentException(name + " must be current (without retiresAt)");
    }
  }

  private static int insert(Handle handle, StoredSigningKey key) {
    return handle.createUpdate("INSERT INTO signing_keys (" + COLUMNS + ") VALUES (:kid, :algorithm, :public_jwk, "
            + ":sealed_private_key, :created_at, :activates_at, :retires_at, :expires_at)")
        .bind("kid", key.kid())
        .bind("algorithm", key.algorithm())
        .bind("public_jwk", key.publicJwk())
        .bind("sealed_private_key", key.sealedPrivateKey())
        .bind("created_at", timestamptz(key.createdAt()))
        .bind("activates_at", timestamptz(key.activatesAt()))
        .bind("retires_at", timestamptz(key.retiresAt()))
        .bind("expires_at", timestamptz(key.expiresAt()))
        .execute();
  }

  private static StoredSigningKey key(ResultSet row, StatementContext context) throws SQLException {
    return new StoredSigningKey(
        row.getString("kid"),
        row.getString("algorithm"),
        row.getString("public_jwk"),
        row.getString("sealed_private_key"),
        instant(row, "created_at"),
        instant(row, "activates_at"),
        instant(row, "retires_at"),
        instant(row, "expires_at"));
  }
}
