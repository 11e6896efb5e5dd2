package dev.keyhold.identity.core.internal.access;

import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a user holds now from the stores, never from token claims, so a revoked role or a removed member loses
 * access on the next call. It only resolves grants; whether they suffice is {@link AccessPolicy}'s decision, and
 * {@link Authorizer} puts the two together.
 *
 * <p>Stored role references that no longer resolve grant nothing (fail closed): a membership whose role is gone, or is
 * not usable in its organization, resolves to no access at all.
 */
public final class AccessResolver {

  private final OrganizationRepository organizations;
  private final MembershipRepository memberships;
  private final RoleRepository roles;
  private final UserRoleRepository userRoles;

  public AccessResolver(
      OrganizationRepository organizations,
      MembershipRepository memberships,
      RoleRepository roles,
      UserRoleRepository userRoles) {
    this.organizations = organizations;
    this.memberships = memberships;
    this.roles = roles;
    this.userRoles = userRoles;
  }

  /** The user's current global roles: the implicit {@code user} role, then every granted global role. */
  public GlobalAccess global(UserId userId) {
    List<Role> held = new ArrayList<>();
    held.add(BuiltInRoles.USER);
    for (RoleId roleId : userRoles.rolesOf(userId)) {
      roles.findById(roleId)
          .filter(role -> role.kind() == RoleKind.GLOBAL)
          .filter(role -> !role.id().equals(BuiltInRoles.USER.id()))
          .ifPresent(held::add);
    }
    return new GlobalAccess(userId, held);
  }

  /** The user's current global scopes, sorted: what the {@code scope} claim of a session's access token carries. */
  public List<String> globalScopes(UserId userId) {
    return global(userId).sortedScopes();
  }

  /**
   * The user's membership, role and organization, or empty when they are not a member, the organization does not
   * exist, or the membership's role no longer resolves to one the organization can use.
   */
  public Optional<OrgAccess> inOrganization(UserId userId, OrgId orgId) {
    Optional<Membership> membership = memberships.find(orgId, userId);
    if (membership.isEmpty()) {
      return Optional.empty();
    }
    Optional<Organization> organization = organizations.findById(orgId);
    if (organization.isEmpty()) {
      return Optional.empty();
    }
    Optional<Role> role = roles.findById(membership.get().roleId())
        .filter(found -> OrgAccess.usableIn(found, organization.get()));
    if (role.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new OrgAccess(organization.get(), membership.get(), role.get()));
  }

  /** The role with this name that the organization can use (built-in organization roles and its own), or empty. */
  public Optional<Role> organizationRole(Organization organization, String name) {
    if (name == null) {
      return Optional.empty();
    }
    return roles.listForOrganization(organization.id()).stream()
        .filter(role -> role.name().equals(name))
        .filter(role -> OrgAccess.usableIn(role, organization))
        .findFirst();
  }

  /** The global role with this name (the implicit {@code user} role included), or empty. */
  public Optional<Role> globalRole(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return roles.listGlobal().stream()
        .filter(role -> role.kind() == RoleKind.GLOBAL && role.name().equals(name))
        .findFirst();
  }
}
