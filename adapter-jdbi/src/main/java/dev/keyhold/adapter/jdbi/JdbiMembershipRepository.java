package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.MembershipRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Memberships in {@code memberships}, one row per (organization, user). A change that could remove the last owner
 * runs in a transaction that first locks the organization's row ({@code FOR NO KEY UPDATE}), then counts the owners
 * and changes the row, so such changes to one organization take turns on every node; the lock does not block
 * foreign-key checks, so adding members goes on meanwhile (and can only add owners).
 */
final class JdbiMembershipRepository implements MembershipRepository {

  static final String PRIMARY_KEY = "memberships_pkey";

  private static final String COLUMNS = "org_id, user_id, role_id, created_at, updated_at";

  private final Database database;

  JdbiMembershipRepository(Database database) {
    this.database = database;
  }

  @Override
  public void add(Membership membership) {
    Objects.requireNonNull(membership, "membership");
    database.call("add a membership", handle -> insert(handle, membership), constraint -> {
      throw alreadyMember();
    });
  }

  @Override
  public Optional<Membership> find(OrgId orgId, UserId userId) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    return database.call("find a membership", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM memberships WHERE org_id = :org_id AND user_id = :user_id")
        .bind("org_id", orgId.value())
        .bind("user_id", userId.value())
        .map(JdbiMembershipRepository::membership)
        .findOne());
  }

  @Override
  public List<Membership> listByOrganization(OrgId orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return database.call("list an organization's members", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM memberships WHERE org_id = :org_id ORDER BY created_at, user_id")
        .bind("org_id", orgId.value())
        .map(JdbiMembershipRepository::membership)
        .list());
  }

  @Override
  public List<Membership> listByUser(UserId userId) {
    Objects.requireNonNull(userId, "userId");
    return database.call("list a user's memberships", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM memberships WHERE user_id = :user_id ORDER BY created_at, org_id")
        .bind("user_id", userId.value())
        .map(JdbiMembershipRepository::membership)
        .list());
  }

  @Override
  public Change changeRole(OrgId orgId, UserId userId, RoleId newRole, RoleId ownerRole, Instant at) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(newRole, "newRole");
    Objects.requireNonNull(ownerRole, "ownerRole");
    Objects.requireNonNull(at, "at");
    return database.transaction("change a member's role", handle -> {
      Change allowed = checkLastOwner(handle, orgId, userId, ownerRole, !newRole.equals(ownerRole));
      if (allowed != Change.DONE) {
        return allowed;
      }
      handle.createUpdate("UPDATE memberships SET role_id = :role_id, updated_at = :at "
              + "WHERE org_id = :org_id AND user_id = :user_id")
          .bind("org_id", orgId.value())
          .bind("user_id", userId.value())
          .bind("role_id", newRole.value())
          .bind("at", timestamptz(at))
          .execute();
      return Change.DONE;
    });
  }

  @Override
  public Change remove(OrgId orgId, UserId userId, RoleId ownerRole) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(ownerRole, "ownerRole");
    return database.transaction("remove a membership", handle -> {
      Change allowed = checkLastOwner(handle, orgId, userId, ownerRole, true);
      if (allowed != Change.DONE) {
        return allowed;
      }
      handle.createUpdate("DELETE FROM memberships WHERE org_id = :org_id AND user_id = :user_id")
          .bind("org_id", orgId.value())
          .bind("user_id", userId.value())
          .execute();
      return Change.DONE;
    });
  }

  @Override
  public int countWithRole(OrgId orgId, RoleId roleId) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(roleId, "roleId");
    return database.call("count the members with a role", handle -> handle
        .createQuery("SELECT count(*) FROM memberships WHERE org_id = :org_id AND role_id = :role_id")
        .bind("org_id", orgId.value())
        .bind("role_id", roleId.value())
        .mapTo(Integer.class)
        .one());
  }

  /**
   * Inside a transaction: locks the organization's row until the transaction ends, then answers whether the
   * membership exists and whether the change may go ahead ({@link Change#DONE}).
   *
   * @param takesRoleAway whether the change takes the member's current role away (a removal, or another role)
   */
  private static Change checkLastOwner(
      Handle handle, OrgId orgId, UserId userId, RoleId ownerRole, boolean takesRoleAway) {
    boolean organizationExists = handle
        .createQuery("SELECT id FROM organizations WHERE id = :org_id FOR NO KEY UPDATE")
        .bind("org_id", orgId.value())
        .mapTo(UUID.class)
        .findOne()
        .isPresent();
    if (!organizationExists) {
      return Change.NOT_FOUND;
    }
    Optional<UUID> role = handle
        .createQuery("SELECT role_id FROM memberships WHERE org_id = :org_id AND user_id = :user_id")
        .bind("org_id", orgId.value())
        .bind("user_id", userId.value())
        .mapTo(UUID.class)
        .findOne();
    if (role.isEmpty()) {
      return Change.NOT_FOUND;
    }
    if (!takesRoleAway || !role.get().equals(ownerRole.value())) {
      return Change.DONE;
    }
    int owners = handle
        .createQuery("SELECT count(*) FROM memberships WHERE org_id = :org_id AND role_id = :role_id")
        .bind("org_id", orgId.value())
        .bind("role_id", ownerRole.value())
        .mapTo(Integer.class)
        .one();
    return owners > 1 ? Change.DONE : Change.LAST_OWNER;
  }

  /** Inserts one membership on {@code handle}; a duplicate breaks {@value #PRIMARY_KEY}. */
  static int insert(Handle handle, Membership membership) {
    return handle.createUpdate("INSERT INTO memberships (" + COLUMNS + ") "
            + "VALUES (:org_id, :user_id, :role_id, :created_at, :updated_at)")
        .bind("org_id", membership.orgId().value())
        .bind("user_id", membership.userId().value())
        .bind("role_id", membership.roleId().value())
        .bind("created_at", timestamptz(membership.createdAt()))
        .bind("updated_at", timestamptz(membership.updatedAt()))
        .execute();
  }

  static ConflictException alreadyMember() {
    return new ConflictException(ErrorCode.ALREADY_MEMBER, "The user already belongs to the organization.");
  }

  private static Membership membership(ResultSet row, StatementContext context) throws SQLException {
    return new Membership(
        new OrgId(uuid(row, "org_id")),
        new UserId(uuid(row, "user_id")),
        new RoleId(uuid(row, "role_id")),
        instant(row, "created_at"),
        instant(row, "updated_at"));
  }
}
