package dev.keyhold.identity.core.access;

import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.OrgId;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves what a user may do now from the stores, never from token claims, so a revoked role or a removed member
 * loses access on the next call. The decisions themselves are the pure {@link GlobalAccess}, {@link OrgAccess} and
 * {@link Grants}.
 *
 * <p>Tenant isolation: {@link #inOrganization} answers a user who is not a member exactly as it answers an unknown
 * organization id, with {@code NotFoundException("No such organization.")}, so nobody learns that an organization
 * they do not belong to exists. Stored role references that no longer resolve grant nothing (fail closed).
 */
public final class AccessPolicy {

  /** The one answer for "not yours" and "does not exist". */
  public static final String NO_SUCH_ORGANIZATION = "No such organization.";

  private final OrganizationRepository organizations;
  private final MembershipRepository memberships;
  private final RoleRepository roles;
  private final UserRoleRepository userRoles;
  private final RefusalListener refusals;

  /** Told about each refusal for want of a scope, just before it is thrown. */
  @FunctionalInterface
  public interface RefusalListener {

    /**
     * @param actor who was refused
     * @param orgId the organization whose scope they lacked, or {@code null} for a platform scope
     * @param scope the scope they lacked
     */
    void refused(Actor actor, OrgId orgId, String scope);
  }

  public AccessPolicy(
      OrganizationRepository organizations,
      MembershipRepository memberships,
      RoleRepository roles,
      UserRoleRepository userRoles,
      RefusalListener refusals) {
    this.organizations = organizations;
    this.memberships = memberships;
    this.roles = roles;
    this.userRoles = userRoles;
    this.refusals = Objects.requireNonNull(refusals, "refusals");
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

  /**
   * The caller's current global access, when it includes {@code scope}.
   *
   * @throws dev.keyhold.identity.error.ForbiddenException otherwise, after telling the {@link RefusalListener}
   */
  public GlobalAccess requireGlobal(Actor actor, String scope) {
    GlobalAccess access = global(actor.userId());
    if (!access.has(scope)) {
      refusals.refused(actor, null, scope);
    }
    return access.require(scope);
  }

  /** The user's current global scopes, sorted: what the {@code scope} claim of a session's access token carries. */
  public List<String> globalScopes(UserId userId) {
    return global(userId).sortedScopes();
  }

  /** The user's access in the organization, or empty when they are not a member (or it does not exist). */
  public Optional<OrgAccess> findInOrganization(UserId userId, OrgId orgId) {
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

  /**
   * The user's access in the organization.
   *
   * @throws NotFoundException {@value #NO_SUCH_ORGANIZATION} when the user is not a member, whether or not the
   *     organization exists
   */
  public OrgAccess inOrganization(UserId userId, OrgId orgId) {
    return findInOrganization(userId, orgId).orElseThrow(AccessPolicy::noSuchOrganization);
  }

  /**
   * The caller's access in the organization, if it includes {@code scope}.
   *
   * @throws NotFoundException when the caller is not a member
   * @throws dev.keyhold.identity.error.ForbiddenException when the member lacks the scope, after telling the
   *     {@link RefusalListener}
   */
  public OrgAccess inOrganization(Actor actor, OrgId orgId, String scope) {
    return require(actor, inOrganization(actor.userId(), orgId), scope);
  }

  /**
   * Passes {@code access} (the caller's) when it includes {@code scope}.
   *
   * @throws dev.keyhold.identity.error.ForbiddenException otherwise, after telling the {@link RefusalListener}
   */
  public OrgAccess require(Actor actor, OrgAccess access, String scope) {
    if (!access.has(scope)) {
      refusals.refused(actor, access.organization().id(), scope);
    }
    return access.require(scope);
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

  static NotFoundException noSuchOrganization() {
    return new NotFoundException(NO_SUCH_ORGANIZATION);
  }
}
