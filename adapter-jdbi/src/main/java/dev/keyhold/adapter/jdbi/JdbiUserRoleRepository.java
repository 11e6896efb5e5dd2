package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.timestamptz;

import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.UserRoleRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Global role grants in {@code user_roles}, one row per (user, role); granting is an insert that ignores the
 * existing row, so it is idempotent under concurrency too.
 */
final class JdbiUserRoleRepository implements UserRoleRepository {

  private final Database database;

  JdbiUserRoleRepository(Database database) {
    this.database = database;
  }

  @Override
  public boolean grant(UserId userId, RoleId roleId, Instant at) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(roleId, "roleId");
    Objects.requireNonNull(at, "at");
    return database.call("grant a role", handle -> handle.createUpdate(
            "INSERT INTO user_roles (user_id, role_id, granted_at) VALUES (:user_id, :role_id, :at) "
                + "ON CONFLICT (user_id, role_id) DO NOTHING")
        .bind("user_id", userId.value())
        .bind("role_id", roleId.value())
        .bind("at", timestamptz(at))
        .execute()) == 1;
  }

  @Override
  public boolean revoke(UserId userId, RoleId roleId) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(roleId, "roleId");
    return database.call("revoke a role", handle -> handle
        .createUpdate("DELETE FROM user_roles WHERE user_id = :user_id AND role_id = :role_id")
        .bind("user_id", userId.value())
        .bind("role_id", roleId.value())
        .execute()) == 1;
  }

  @Override
  public List<RoleId> rolesOf(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("list a user's roles", handle -> handle
        .createQuery("SELECT role_id FROM user_roles WHERE user_id = :user_id ORDER BY granted_at, grant_seq")
        .bind("user_id", userId.value())
        .mapTo(UUID.class)
        .map(RoleId::new)
        .list());
  }
}
