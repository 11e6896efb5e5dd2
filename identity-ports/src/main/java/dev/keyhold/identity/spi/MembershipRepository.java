package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who belongs to which organization with which role. Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}.
 *
 * <p>Invariant kept by the store, atomically and across processes: an organization that has an owner (a member whose
 * role is {@code ownerRole} as passed to the methods below) never loses its last one through
 * {@link #changeRole} or {@link #remove}. Implementations serialize changes per organization (for example with a
 * row lock on the organization) so that two owners demoting each other at once cannot both succeed.
 */
public interface MembershipRepository {

  /** The outcome of a change that could remove the last owner. */
  enum Change {
    /** Done. */
    DONE,
    /** There is no such membership; nothing changed. */
    NOT_FOUND,
    /** It would leave the organization without an owner; nothing changed. */
    LAST_OWNER
  }

  /**
   * Adds a membership.
   *
   * @throws dev.keyhold.identity.error.ConflictException with code {@code already_member} when the user already
   *     belongs to the organization; nothing changes then
   */
  void add(Membership membership);

  /** The user's membership in the organization, or empty. */
  Optional<Membership> find(OrgId orgId, UserId userId);

  /**
   * The organization's memberships, oldest first, then by user id as 16 unsigned bytes (PostgreSQL's {@code uuid}
   * order, not Java's signed {@link java.util.UUID#compareTo}).
   */
  List<Membership> listByOrganization(OrgId orgId);

  /** The user's memberships, oldest first, then by organization id as 16 unsigned bytes. */
  List<Membership> listByUser(UserId userId);

  /**
   * Gives a member another role, unless that would remove the organization's last owner.
   *
   * @param ownerRole the owner role, whose last holder is protected
   */
  Change changeRole(OrgId orgId, UserId userId, RoleId newRole, RoleId ownerRole, Instant at);

  /**
   * Removes a membership, unless it is the organization's last owner.
   *
   * @param ownerRole the owner role, whose last holder is protected
   */
  Change remove(OrgId orgId, UserId userId, RoleId ownerRole);

  /** How many members of the organization hold the role (to refuse deleting a role in use). */
  int countWithRole(OrgId orgId, RoleId roleId);
}
