package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.UserId;
import java.util.HashMap;
import java.util.Map;

/**
 * The state behind the organization, membership, role and invitation repositories of one {@link MemoryStores},
 * guarded by one lock. Operations that span several of them (creating an organization with its owner, deleting one
 * with everything it owns, accepting an invitation into a membership, keeping an organization's last owner) are
 * therefore atomic, as one database transaction makes them. Every field is read and written holding {@link #lock};
 * the values are immutable records.
 */
final class MemoryOrgData {

  final Object lock = new Object();
  final Map<OrgId, Organization> organizations = new HashMap<>();
  final Map<String, OrgId> organizationIdBySlug = new HashMap<>();
  final Map<OrgId, Map<UserId, Membership>> memberships = new HashMap<>();
  final Map<RoleId, Role> roles = new HashMap<>();
  final Map<InvitationId, Invitation> invitations = new HashMap<>();
  final Map<TokenHash, InvitationId> invitationIdByHash = new HashMap<>();

  /** Data holding only the built-in roles. */
  MemoryOrgData() {
    for (Role role : BuiltInRoles.ALL) {
      roles.put(role.id(), role);
    }
  }

  /** The membership, or {@code null}; call holding the lock. */
  Membership membership(OrgId orgId, UserId userId) {
    Map<UserId, Membership> members = memberships.get(orgId);
    return members == null ? null : members.get(userId);
  }

  /** Stores or replaces a membership; call holding the lock. */
  void putMembership(Membership membership) {
    memberships.computeIfAbsent(membership.orgId(), orgId -> new HashMap<>()).put(membership.userId(), membership);
  }

  /** Removes a membership; call holding the lock. */
  void removeMembership(OrgId orgId, UserId userId) {
    Map<UserId, Membership> members = memberships.get(orgId);
    if (members != null) {
      members.remove(userId);
      if (members.isEmpty()) {
        memberships.remove(orgId);
      }
    }
  }

  /** How many members of the organization hold the role; call holding the lock. */
  int countWithRole(OrgId orgId, RoleId roleId) {
    Map<UserId, Membership> members = memberships.get(orgId);
    if (members == null) {
      return 0;
    }
    return (int) members.values().stream().filter(membership -> membership.roleId().equals(roleId)).count();
  }

  /** Removes the organization with its memberships, invitations and custom roles; call holding the lock. */
  boolean deleteOrganization(OrgId orgId) {
    Organization organization = organizations.remove(orgId);
    if (organization == null) {
      return false;
    }
    organizationIdBySlug.remove(organization.slug());
    memberships.remove(orgId);
    invitations.values().removeIf(invitation -> {
      boolean owned = invitation.orgId().equals(orgId);
      if (owned) {
        invitationIdByHash.remove(invitation.tokenHash());
      }
      return owned;
    });
    roles.values().removeIf(role -> orgId.equals(role.orgId()));
    return true;
  }

  /**
   * Removes a deleted user's memberships and the invitations addressed to their email, unless they are the only
   * holder of {@code ownerRole} (when not null) in an organization: then it removes nothing and answers false.
   */
  boolean purgeUnlessLastOwner(UserId userId, String normalizedEmail, RoleId ownerRole) {
    synchronized (lock) {
      if (ownerRole != null) {
        for (Map.Entry<OrgId, Map<UserId, Membership>> organization : memberships.entrySet()) {
          Membership mine = organization.getValue().get(userId);
          if (mine != null && mine.roleId().equals(ownerRole)
              && countWithRole(organization.getKey(), ownerRole) <= 1) {
            return false;
          }
        }
      }
      memberships.values().forEach(members -> members.remove(userId));
      memberships.values().removeIf(Map::isEmpty);
      invitations.values().removeIf(invitation -> {
        if (invitation.email().normalized().equals(normalizedEmail)) {
          invitationIdByHash.remove(invitation.tokenHash());
          return true;
        }
        return false;
      });
      return true;
    }
  }
}
