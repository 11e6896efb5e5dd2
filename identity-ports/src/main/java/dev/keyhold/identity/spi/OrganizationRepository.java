package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import java.util.Optional;

/**
 * Organizations. Every method may throw {@link dev.keyhold.identity.error.StoreUnavailableException}; all are safe
 * under concurrency.
 */
public interface OrganizationRepository {

  /**
   * Stores a new organization together with its first membership (its owner), atomically.
   *
   * @throws dev.keyhold.identity.error.ConflictException with code {@code slug_taken} when another organization has
   *     the slug; nothing is stored then
   * @throws IllegalArgumentException when the membership is not of this organization
   */
  void create(Organization organization, Membership owner);

  /** The organization, or empty. */
  Optional<Organization> findById(OrgId id);

  /** The organization with this slug, or empty. */
  Optional<Organization> findBySlug(String slug);

  /**
   * Replaces name, slug, requireMfa and updatedAt. Last writer wins.
   *
   * @throws dev.keyhold.identity.error.ConflictException with code {@code slug_taken} when another organization has
   *     the new slug; nothing changes then
   * @return true when the organization exists
   */
  boolean update(Organization organization);

  /**
   * Deletes the organization with its memberships, invitations and custom roles.
   *
   * @return true when it existed
   */
  boolean delete(OrgId id);
}
