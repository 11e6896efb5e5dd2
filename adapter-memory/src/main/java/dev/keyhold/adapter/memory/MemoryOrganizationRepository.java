package dev.keyhold.adapter.memory;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.spi.OrganizationRepository;
import java.util.Objects;
import java.util.Optional;

/** Organizations in the shared {@link MemoryOrgData}, indexed by id and by slug. */
final class MemoryOrganizationRepository implements OrganizationRepository {

  private final MemoryOrgData data;

  MemoryOrganizationRepository(MemoryOrgData data) {
    this.data = data;
  }

  @Override
  public void create(Organization organization, Membership owner) {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(owner, "owner");
    if (!owner.orgId().equals(organization.id())) {
      throw new IllegalArgumentException("the owner membership is not of this organization");
    }
    synchronized (data.lock) {
      if (data.organizations.containsKey(organization.id())) {
        throw new IllegalStateException("an organization with id " + organization.id() + " exists");
      }
      requireFreeSlug(organization.slug());
      data.organizations.put(organization.id(), organization);
      data.organizationIdBySlug.put(organization.slug(), organization.id());
      data.putMembership(owner);
    }
  }

  @Override
  public Optional<Organization> findById(OrgId id) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.organizations.get(id));
    }
  }

  @Override
  public Optional<Organization> findBySlug(String slug) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.organizationIdBySlug.get(slug)).map(data.organizations::get);
    }
  }

  @Override
  public boolean update(Organization organization) {
    Objects.requireNonNull(organization, "organization");
    synchronized (data.lock) {
      Organization current = data.organizations.get(organization.id());
      if (current == null) {
        return false;
      }
      if (!current.slug().equals(organization.slug())) {
        requireFreeSlug(organization.slug());
      }
      Organization updated = new Organization(current.id(), organization.name(), organization.slug(),
          organization.requireMfa(), current.createdAt(), organization.updatedAt());
      data.organizationIdBySlug.remove(current.slug());
      data.organizationIdBySlug.put(updated.slug(), updated.id());
      data.organizations.put(updated.id(), updated);
      return true;
    }
  }

  @Override
  public boolean delete(OrgId id) {
    synchronized (data.lock) {
      return data.deleteOrganization(id);
    }
  }

  /** Refuses a slug another organization has; call holding the lock. */
  private void requireFreeSlug(String slug) {
    if (data.organizationIdBySlug.containsKey(slug)) {
      throw new ConflictException(ErrorCode.SLUG_TAKEN, "Another organization has this slug.");
    }
  }
}
