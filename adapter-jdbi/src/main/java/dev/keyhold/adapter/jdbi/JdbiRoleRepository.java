package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.code;
import static dev.keyhold.adapter.jdbi.Columns.fromCode;
import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.textArray;
import static dev.keyhold.adapter.jdbi.Columns.textList;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.spi.RoleRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Roles in {@code roles}: the built-in ones, seeded by the migration with the ids of
 * {@link dev.keyhold.identity.model.access.BuiltInRoles}, and custom ones. Name uniqueness is the unique index
 * {@code roles_name_key} (per kind and organization) together with the insert itself, which refuses a custom
 * organization role named like a built-in one.
 */
final class JdbiRoleRepository implements RoleRepository {

  private static final String NAME_INDEX = "roles_name_key";
  private static final String COLUMNS = "id, kind, org_id, name, scopes, built_in, created_at";

  private final Database database;

  JdbiRoleRepository(Database database) {
    this.database = database;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the role is built-in, or an organization role without an organization:
   *     only migrations store those
   * @throws IllegalStateException when a role with the same id exists
   */
  @Override
  public void insert(Role role) {
    Objects.requireNonNull(role, "role");
    if (role.builtIn()) {
      throw new IllegalArgumentException("built-in roles are seeded by the schema, not inserted");
    }
    if (role.kind() == RoleKind.ORGANIZATION && role.orgId() == null) {
      throw new IllegalArgumentException("a custom organization role belongs to an organization");
    }
    // Built-in roles are written only by migrations, so the NOT EXISTS cannot race with a writer.
    int inserted = database.call("insert a role", handle -> handle.createUpdate(
            "INSERT INTO roles (" + COLUMNS + ") "
                + "SELECT :id, :kind, CAST(:org_id AS uuid), :name, :scopes, false, :created_at "
                + "WHERE NOT EXISTS (SELECT 1 FROM roles "
                + "WHERE built_in AND kind = :kind AND org_id IS NULL AND name = :name)")
        .bind("id", role.id().value())
        .bind("kind", code(role.kind()))
        .bind("org_id", role.orgId() == null ? null : role.orgId().value())
        .bind("name", role.name())
        .bind("scopes", textArray(Scopes.sorted(role.scopes())))
        .bind("created_at", timestamptz(role.createdAt()))
        .execute(),
        constraint -> {
          if (NAME_INDEX.equals(constraint)) {
            throw nameTaken();
          }
          throw new IllegalStateException("a role with id " + role.id() + " already exists");
        });
    if (inserted != 1) {
      throw nameTaken();
    }
  }

  @Override
  public Optional<Role> findById(RoleId id) {
    Objects.requireNonNull(id, "id");
    return database.call("find a role", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM roles WHERE id = :id")
        .bind("id", id.value())
        .map(JdbiRoleRepository::role)
        .findOne());
  }

  @Override
  public List<Role> listGlobal() {
    return database.call("list the global roles", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM roles WHERE kind = 'global' ORDER BY built_in DESC, name")
        .map(JdbiRoleRepository::role)
        .list());
  }

  @Override
  public List<Role> listForOrganization(OrgId orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return database.call("list an organization's roles", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM roles "
            + "WHERE kind = 'organization' AND (org_id IS NULL OR org_id = :org_id) ORDER BY built_in DESC, name")
        .bind("org_id", orgId.value())
        .map(JdbiRoleRepository::role)
        .list());
  }

  private static ConflictException nameTaken() {
    return new ConflictException(ErrorCode.ROLE_NAME_TAKEN, "A role with this name already exists.");
  }

  private static Role role(ResultSet row, StatementContext context) throws SQLException {
    UUID orgId = uuid(row, "org_id");
    return new Role(
        new RoleId(uuid(row, "id")),
        fromCode(RoleKind.class, row.getString("kind")),
        orgId == null ? null : new OrgId(orgId),
        row.getString("name"),
        Set.copyOf(textList(row, "scopes")),
        row.getBoolean("built_in"),
        instant(row, "created_at"));
  }
}
