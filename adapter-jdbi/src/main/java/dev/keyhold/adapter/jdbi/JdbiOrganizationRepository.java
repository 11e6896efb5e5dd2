package dev.keyhold.adapter.jdbi;

import static dev.keyhold.adapter.jdbi.Columns.instant;
import static dev.keyhold.adapter.jdbi.Columns.timestamptz;
import static dev.keyhold.adapter.jdbi.Columns.uuid;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.spi.OrganizationRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Organizations in {@code organizations}; slug uniqueness is the unique constraint on {@code slug}. Deleting one
 * cascades to its memberships, invitations and custom roles.
 */
final class JdbiOrganizationRepository implements OrganizationRepository {

  private static final String SLUG_CONSTRAINT = "organizations_slug_key";
  private static final String COLUMNS = "id, name, slug, require_mfa, created_at, updated_at";

  private final Database database;

  JdbiOrganizationRepository(Database database) {
    this.database = database;
  }

  @Override
  public void create(Organization organization, Membership owner) {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(owner, "owner");
    if (!owner.orgId().equals(organization.id())) {
      throw new IllegalArgumentException("the owner's membership is not of this organization");
    }
    database.transaction("create an organization", handle -> {
      handle.createUpdate("INSERT INTO organizations (" + COLUMNS + ") "
              + "VALUES (:id, :name, :slug, :require_mfa, :created_at, :updated_at)")
          .bind("id", organization.id().value())
          .bind("name", organization.name())
          .bind("slug", organization.slug())
          .bind("require_mfa", organization.requireMfa())
          .bind("created_at", timestamptz(organization.createdAt()))
          .bind("updated_at", timestamptz(organization.updatedAt()))
          .execute();
      return JdbiMembershipRepository.insert(handle, owner);
    }, constraint -> {
      if (SLUG_CONSTRAINT.equals(constraint)) {
        throw slugTaken();
      }
      throw new IllegalStateException("an organization with id " + organization.id() + " already exists");
    });
  }

  @Override
  public Optional<Organization> findById(OrgId id) {
    Objects.requireNonNull(id, "id");
    return database.call("find an organization by id", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM organizations WHERE id = :id")
        .bind("id", id.value())
        .map(JdbiOrganizationRepository::organization)
        .findOne());
  }

  @Override
  public Optional<Organization> findBySlug(String slug) {
    Objects.requireNonNull(slug, "slug");
    return database.call("find an organization by slug", handle -> handle
        .createQuery("SELECT " + COLUMNS + " FROM organizations WHERE slug = :slug")
        .bind("slug", slug)
        .map(JdbiOrganizationRepository::organization)
        .findOne());
  }

  @Override
  public boolean update(Organization organization) {
    Objects.requireNonNull(organization, "organization");
    return database.call("update an organization", handle -> handle.createUpdate(
            "UPDATE organizations SET name = :name, slug = :slug, require_mfa = :require_mfa, "
                + "updated_at = :updated_at WHERE id = :id")
        .bind("id", organization.id().value())
        .bind("name", organization.name())
        .bind("slug", organization.slug())
        .bind("require_mfa", organization.requireMfa())
        .bind("updated_at", timestamptz(organization.updatedAt()))
        .execute() == 1,
        constraint -> {
          throw slugTaken();
        });
  }

  @Override
  public boolean delete(OrgId id) {
    Objects.requireNonNull(id, "id");
    return database.call("delete an organization", handle -> handle
        .createUpdate("DELETE FROM organizations WHERE id = :id")
        .bind("id", id.value())
        .execute()) == 1;
  }

  private static ConflictException slugTaken() {
    return new ConflictException(ErrorCode.SLUG_TAKEN, "Another organization has this slug.");
  }

  private static Organization organization(ResultSet row, StatementContext context) throws SQLException {
    return new Organization(
        new OrgId(uuid(row, "id")),
        row.getString("name"),
        row.getString("slug"),
        row.getBoolean("require_mfa"),
        instant(row, "created_at"),
        instant(row, "updated_at"));
  }
}
