package dev.keyhold.identity.core.internal.access;

import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a member may do in one organization right now: the scopes of their membership's role. Pure; resolved by
 * {@link AccessResolver#inOrganization}; {@link AccessPolicy} decides with it.
 *
 * <p>Invariant: the membership is of the organization, and the role is an organization role the organization can use
 * (built in, or its own custom role).
 *
 * @param organization the organization
 * @param membership the caller's membership in it
 * @param role the membership's role
 */
public record OrgAccess(Organization organization, Membership membership, Role role) {

  public OrgAccess {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(role, "role");
    if (!membership.orgId().equals(organization.id()) || !membership.roleId().equals(role.id())) {
      throw new IllegalArgumentException("the membership must be of this organization and have this role");
    }
    if (!usableIn(role, organization)) {
      throw new IllegalArgumentException("role " + role.name() + " is not usable in organization " + organization.id());
    }
  }

  /** Whether an organization can use a role: an organization role that is built in or its own. */
  public static boolean usableIn(Role role, Organization organization) {
    return role.kind() == RoleKind.ORGANIZATION
        && (role.orgId() == null ? role.builtIn() : role.orgId().equals(organization.id()));
  }

  public Set<String> scopes() {
    return role.scopes();
  }

  /** The scopes in token order (sorted). */
  public List<String> sortedScopes() {
    return Scopes.sorted(role.scopes());
  }

  public boolean has(String scope) {
    return role.scopes().contains(scope);
  }

  /** Whether the member holds the built-in {@code owner} role (the only one that may transfer ownership). */
  public boolean isOwner() {
    return role.id().equals(BuiltInRoles.OWNER.id());
  }

  /**
   * Passes when the member holds every scope of {@code wanted} in this organization (the no-escalation rule for
   * organization roles).
   *
   * @throws ForbiddenException otherwise
   */
  public void requireGrantable(Collection<String> wanted) {
    Grants.requireGrantable(scopes(), wanted);
  }
}
