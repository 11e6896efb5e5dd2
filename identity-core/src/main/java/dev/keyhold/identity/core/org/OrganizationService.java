package dev.keyhold.identity.core.org;

import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.core.access.AccessPolicy;
import dev.keyhold.identity.core.access.OrgAccess;
import dev.keyhold.identity.core.audit.Auditor;
import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.protection.Protection;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.core.token.SessionIssuer;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.OrgId;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.Organizations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Organizations, memberships, invitations, organization roles and organization tokens.
 *
 * <p>Every call first resolves the caller's membership from the stores ({@link AccessPolicy#inOrganization}): a
 * non-member, like an unknown organization id, gets {@code not_found} before any input is looked at, so nothing about
 * an organization leaks to outsiders. Then the scope is checked ({@code forbidden}), then the input, then the
 * no-escalation rule: whatever a member hands on (an invitation's role, a new role for someone, a custom role's
 * scopes, removing a member) must consist of scopes the member holds in this organization. The last-owner invariant
 * is kept by {@link MembershipRepository}, atomically.
 *
 * <p>Invitations send mail, so each one counts against the inviter's {@code invite-user} rate limit, after the
 * membership and scope checks (outsiders get {@code not_found} as always) and before the input is looked at.
 */
public final class OrganizationService implements Organizations {

  private static final String NO_SUCH_MEMBER = "No such member.";

  /** Collaborators, grouped so the constructor stays readable. */
  public record Dependencies(
      OrganizationRepository organizations,
      MembershipRepository memberships,
      RoleRepository roles,
      InvitationRepository invitations,
      UserRepository users,
      AccessPolicy access,
      SessionIssuer sessionIssuer,
      SecretGenerator secrets,
      MailOutbox outbox,
      Auditor audit,
      Protection protection,
      Clock clock,
      KeyholdSettings settings) {}

  private final Dependencies d;

  public OrganizationService(Dependencies dependencies) {
    this.d = dependencies;
  }

  @Override
  public OrganizationView create(Actor actor, String name, String slug) {
    String validName = Organization.validName(name);
    String validSlug = Organization.validSlug(slug);
    Instant now = d.clock().instant();
    Organization organization = new Organization(new OrgId(d.secrets().newId()), validName, validSlug, now, now);
    d.organizations().create(organization,
        new Membership(organization.id(), actor.userId(), BuiltInRoles.OWNER.id(), now, now));
    d.audit().success("org.created", actor.userId(), organization.id(), organization.id(), actor.client(),
        Map.of("slug", organization.slug()));
    return view(organization, BuiltInRoles.OWNER);
  }

  @Override
  public List<OrganizationView> listMine(Actor actor) {
    List<OrganizationView> views = new ArrayList<>();
    for (Membership membership : d.memberships().listByUser(actor.userId())) {
      d.access().findInOrganization(actor.userId(), membership.orgId())
          .ifPresent(access -> views.add(view(access)));
    }
    return views;
  }

  @Override
  public OrganizationView get(Actor actor, OrgId orgId) {
    return view(d.access().inOrganization(actor, orgId, Scopes.ORG_READ));
  }

  @Override
  public OrganizationView update(Actor actor, OrgId orgId, String name, String slug) {
    OrgAccess access = d.access().inOrganization(actor, orgId, Scopes.ORG_WRITE);
    Organization current = access.organization();
    String newName = name == null ? current.name() : Organization.validName(name);
    String newSlug = slug == null ? current.slug() : Organization.validSlug(slug);
    if (newName.equals(current.name()) && newSlug.equals(current.slug())) {
      return view(access);
    }
    Organization updated = current.renamed(newName, newSlug, d.clock().instant());
    if (!d.organizations().update(updated)) {
      throw new NotFoundException(AccessPolicy.NO_SUCH_ORGANIZATION);
    }
    Map<String, String> details = new LinkedHashMap<>();
    if (!newName.equals(current.name())) {
      details.put("name", newName);
    }
    if (!newSlug.equals(current.slug())) {
      details.put("slug", newSlug);
      details.put("previous_slug", current.slug());
    }
    d.audit().success("org.updated", actor.userId(), orgId, orgId, actor.client(), details);
    return view(updated, access.role());
  }

  @Override
  public void delete(Actor actor, OrgId orgId) {
    OrgAccess access = d.access().inOrganization(actor, orgId, Scopes.ORG_DELETE);
    if (!d.organizations().delete(orgId)) {
      throw new NotFoundException(AccessPolicy.NO_SUCH_ORGANIZATION);
    }
    d.audit().success("org.deleted", actor.userId(), orgId, orgId, actor.client(),
        Map.of("slug", access.organization().slug()));
  }

  @Override
  public InvitationView invite(Actor actor, OrgId orgId, String email, String role, Duration expiresIn) {
    OrgAccess access = d.access().inOrganization(actor, orgId, Scopes.INVITATIONS_WRITE);
    d.protection().checkUser(RateLimits.INVITE_USER, actor, orgId);
    Email address = Email.parse(email);
    Duration ttl = invitationTtl(expiresIn);
    Role invitedRole = usableRole(access.organization(), role);
    requireGrantable(actor, access, invitedRole.scopes(), "invitation.create_refused", address.normalized());
    Optional<User> existing = d.users().findByEmail(address);
    if (existing.isPresent() && d.memberships().find(orgId, existing.get().id()).isPresent()) {
      throw new ConflictException(ErrorCode.ALREADY_MEMBER, "This address belongs to a member of the organization.");
    }
    Instant now = d.clock().instant();
    String secret = d.secrets().newSecret();
    Invitation invitation = new Invitation(new InvitationId(d.secrets().newId()), orgId, address, invitedRole.id(),
        TokenDigests.sha256(secret), actor.userId(), now, now.plus(ttl), null, null, null);
    String link = d.settings().invitationUrl().replace("{token}", secret);
    d.invitations().insertReplacingPending(invitation, d.secrets().newId(), InvitationMail.invitation(
        address.display(), access.organization().slug(), invitedRole.name(), link, d.settings().productName()));
    d.audit().success("invitation.created", actor.userId(), invitation.id(), orgId, actor.client(),
        Map.of("email", address.normalized(), "role", invitedRole.name(), "expires_at",
            invitation.expiresAt().toString()));
    return view(invitation, invitedRole.name(), now);
  }

  @Override
  public List<InvitationView> listInvitations(Actor actor, OrgId orgId) {
    d.access().inOrganization(actor, orgId, Scopes.INVITATIONS_READ);
    Instant now = d.clock().instant();
    Map<RoleId, String> roleNames = new HashMap<>();
    return d.invitations().listPending(orgId, now).stream()
        .map(invitation -> view(invitation, roleName(invitation.roleId(), roleNames), now))
        .toList();
  }

  @Override
  public void revokeInvitation(Actor actor, OrgId orgId, InvitationId invitationId) {
    d.access().inOrganization(actor, orgId, Scopes.INVITATIONS_WRITE);
    if (!d.invitations().revoke(orgId, invitationId, d.clock().instant())) {
      throw new NotFoundException("No such invitation.");
    }
    d.audit().success("invitation.revoked", actor.userId(), invitationId, orgId, actor.client(), Map.of());
  }

  @Override
  public OrganizationView acceptInvitation(Actor actor, String token) {
    if (token == null || token.isEmpty() || token.length() > TokenHash.MAX_LINK_TOKEN_LENGTH) {
      throw refusedInvitation(actor, null, "malformed");
    }
    Instant now = d.clock().instant();
    TokenHash hash = TokenDigests.sha256(token);
    Invitation invitation = d.invitations().findByTokenHash(hash)
        .filter(found -> found.statusAt(now) == InvitationStatus.PENDING)
        .orElseThrow(() -> refusedInvitation(actor, null, "not_pending"));
    boolean invitedAddress = d.users().findById(actor.userId())
        .filter(User::emailVerified)
        .filter(user -> user.email().sameAddressAs(invitation.email()))
        .isPresent();
    if (!invitedAddress) {
      throw refusedInvitation(actor, invitation, "email_mismatch");
    }
    Membership membership = new Membership(invitation.orgId(), actor.userId(), invitation.roleId(), now, now);
    InvitationRepository.Acceptance outcome = d.invitations().accept(hash, membership, now);
    if (outcome == InvitationRepository.Acceptance.ALREADY_MEMBER) {
      d.audit().failure("invitation.accept_failed", actor.userId(), invitation.id(), invitation.orgId(),
          actor.client(), Map.of("reason", "already_member"));
      throw new ConflictException(ErrorCode.ALREADY_MEMBER, "You already belong to this organization.");
    }
    if (outcome != InvitationRepository.Acceptance.ACCEPTED) {
      throw refusedInvitation(actor, invitation, "not_pending");
    }
    d.audit().success("invitation.accepted", actor.userId(), invitation.id(), invitation.orgId(), actor.client(),
        Map.of("role", roleName(invitation.roleId(), new HashMap<>())));
    return view(d.access().inOrganization(actor.userId(), invitation.orgId()));
  }

  @Override
  public List<MemberView> listMembers(Actor actor, OrgId orgId) {
    d.access().inOrganization(actor, orgId, Scopes.MEMBERS_READ);
    Map<RoleId, String> roleNames = new HashMap<>();
    List<MemberView> members = new ArrayList<>();
    for (Membership membership : d.memberships().listByOrganization(orgId)) {
      d.users().findById(membership.userId())
          .ifPresent(user -> members.add(view(membership, user, roleName(membership.roleId(), roleNames))));
    }
    return members;
  }

  @Override
  public MemberView changeRole(Actor actor, OrgId orgId, UserId member, String role) {
    OrgAccess access = d.access().inOrganization(actor, orgId, Scopes.MEMBERS_WRITE);
    if (member.equals(actor.userId())) {
      d.audit().failure("member.role_change_refused", actor.userId(), member, orgId, actor.client(),
          Map.of("reason", "self"));
      throw new ForbiddenException("You cannot change your own role.");
    }
    Membership target = d.memberships().find(orgId, member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    Role next = usableRole(access.organization(), role);
    Set<String> needed = new HashSet<>(scopesOf(target.roleId()));
    needed.addAll(next.scopes());
    requireGrantable(actor, access, needed, "member.role_change_refused", member);
    if (!next.id().equals(target.roleId())) {
      Instant now = d.clock().instant();
      MembershipRepository.Change change =
          d.memberships().changeRole(orgId, member, next.id(), BuiltInRoles.OWNER.id(), now);
      requireDone(change, actor, orgId, member, "member.role_change_refused");
      d.audit().success("member.role_changed", actor.userId(), member, orgId, actor.client(),
          Map.of("from", roleName(target.roleId(), new HashMap<>()), "to", next.name()));
    }
    Membership updated = d.memberships().find(orgId, member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    User user = d.users().findById(member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    return view(updated, user, roleName(updated.roleId(), new HashMap<>()));
  }

  @Override
  public void removeMember(Actor actor, OrgId orgId, UserId member) {
    OrgAccess access = d.access().inOrganization(actor.userId(), orgId);
    if (member.equals(actor.userId())) {
      requireDone(d.memberships().remove(orgId, member, BuiltInRoles.OWNER.id()), actor, orgId, member,
          "member.leave_refused");
      d.audit().success("member.left", actor.userId(), member, orgId, actor.client(), Map.of());
      return;
    }
    d.access().require(actor, access, Scopes.MEMBERS_WRITE);
    Membership target = d.memberships().find(orgId, member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    requireGrantable(actor, access, scopesOf(target.roleId()), "member.remove_refused", member);
    requireDone(d.memberships().remove(orgId, member, BuiltInRoles.OWNER.id()), actor, orgId, member,
        "member.remove_refused");
    d.audit().success("member.removed", actor.userId(), member, orgId, actor.client(),
        Map.of("role", roleName(target.roleId(), new HashMap<>())));
  }

  @Override
  public void transferOwnership(Actor actor, OrgId orgId, UserId newOwner) {
    OrgAccess access = d.access().inOrganization(actor.userId(), orgId);
    if (!access.isOwner()) {
      d.audit().failure("org.ownership_transfer_refused", actor.userId(), newOwner, orgId, actor.client(),
          Map.of("reason", "not_owner"));
      throw new ForbiddenException("Only an owner can transfer ownership.");
    }
    if (newOwner.equals(actor.userId())) {
      throw ValidationException.of("user_id", "invalid_new_owner", "Choose another member as the new owner.");
    }
    d.memberships().find(orgId, newOwner).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    Instant now = d.clock().instant();
    // Promote first, then demote: the organization has an owner at every moment, so the store's last-owner guard
    // never refuses the demotion.
    requireDone(d.memberships().changeRole(orgId, newOwner, BuiltInRoles.OWNER.id(), BuiltInRoles.OWNER.id(), now),
        actor, orgId, newOwner, "org.ownership_transfer_refused");
    requireDone(d.memberships().changeRole(orgId, actor.userId(), BuiltInRoles.ORG_ADMIN.id(),
        BuiltInRoles.OWNER.id(), now), actor, orgId, actor.userId(), "org.ownership_transfer_refused");
    d.audit().success("org.ownership_transferred", actor.userId(), newOwner, orgId, actor.client(), Map.of());
  }

  @Override
  public List<RoleView> listRoles(Actor actor, OrgId orgId) {
    OrgAccess access = d.access().inOrganization(actor, orgId, Scopes.ROLES_READ);
    return d.roles().listForOrganization(orgId).stream()
        .filter(role -> OrgAccess.usableIn(role, access.organization()))
        .map(OrganizationService::view)
        .toList();
  }

  @Override
  public RoleView createRole(Actor actor, OrgId orgId, String name, List<String> scopes) {
    OrgAccess access = d.access().inOrganization(actor, orgId, Scopes.ROLES_WRITE);
    String validName = Role.validName(name);
    Set<String> wanted = Role.validScopes(RoleKind.ORGANIZATION, scopeSet(scopes));
    requireGrantable(actor, access, wanted, "role.create_refused", validName);
    Role role = new Role(new RoleId(d.secrets().newId()), RoleKind.ORGANIZATION, orgId, validName, wanted, false,
        d.clock().instant());
    d.roles().insert(role);
    d.audit().success("role.created", actor.userId(), role.id(), orgId, actor.client(),
        Map.of("name", role.name(), "scopes", String.join(" ", Scopes.sorted(role.scopes()))));
    return view(role);
  }

  @Override
  public OrganizationToken token(Actor actor, OrgId orgId) {
    OrgAccess access = d.access().inOrganization(actor.userId(), orgId);
    User user = d.users().findById(actor.userId()).filter(User::active)
        .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "user_inactive"));
    OrganizationToken token =
        d.sessionIssuer().organizationToken(user, actor.sessionId(), orgId, access.sortedScopes());
    d.audit().success("org.token_issued", actor.userId(), actor.sessionId(), orgId, actor.client(),
        Map.of("scopes", String.join(" ", token.scopes())));
    return token;
  }

  /**
   * A list of scope names as a set; {@code null} or null entries are a validation failure of field {@code scopes}.
   * Unknown names are left for {@link Role#validScopes} to report.
   */
  static Set<String> scopeSet(Collection<String> scopes) {
    if (scopes == null || scopes.stream().anyMatch(scope -> scope == null)) {
      throw ValidationException.of("scopes", "unknown_scope", "Give the role's scopes as a list of scope names.");
    }
    return Set.copyOf(scopes);
  }

  private Role usableRole(Organization organization, String name) {
    return d.access().organizationRole(organization, name).orElseThrow(() ->
        ValidationException.of("role", "unknown_role", "The organization has no role of that name."));
  }

  /** The scopes of a stored role; a role that no longer resolves needs every organization scope (fail closed). */
  private Set<String> scopesOf(RoleId roleId) {
    return d.roles().findById(roleId).map(Role::scopes).orElse(Scopes.ORGANIZATION);
  }

  private void requireGrantable(Actor actor, OrgAccess access, Collection<String> scopes, String refusal,
      Object target) {
    try {
      access.requireGrantable(scopes);
    } catch (ForbiddenException e) {
      d.audit().failure(refusal, actor.userId(), target, access.organization().id(), actor.client(),
          Map.of("reason", "escalation"));
      throw e;
    }
  }

  private void requireDone(MembershipRepository.Change change, Actor actor, OrgId orgId, UserId member,
      String refusal) {
    if (change == MembershipRepository.Change.LAST_OWNER) {
      d.audit().failure(refusal, actor.userId(), member, orgId, actor.client(), Map.of("reason", "last_owner"));
      throw new ConflictException(ErrorCode.LAST_OWNER, "The organization must keep an owner: make someone else owner first.");
    }
    if (change == MembershipRepository.Change.NOT_FOUND) {
      throw new NotFoundException(NO_SUCH_MEMBER);
    }
  }

  private InvalidTokenException refusedInvitation(Actor actor, Invitation invitation, String reason) {
    d.audit().failure("invitation.accept_failed", actor.userId(), invitation == null ? null : invitation.id(),
        invitation == null ? null : invitation.orgId(), actor.client(), Map.of("reason", reason));
    return new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, reason);
  }

  private static Duration invitationTtl(Duration expiresIn) {
    if (expiresIn == null) {
      return Invitation.DEFAULT_LIFETIME;
    }
    if (expiresIn.compareTo(Invitation.MIN_LIFETIME) < 0 || expiresIn.compareTo(Invitation.MAX_LIFETIME) > 0) {
      throw ValidationException.of("expires_in", "invalid_expires_in", "An invitation works for "
          + Invitation.MIN_LIFETIME.toSeconds() + " to " + Invitation.MAX_LIFETIME.toSeconds() + " seconds.");
    }
    return expiresIn;
  }

  private String roleName(RoleId roleId, Map<RoleId, String> cache) {
    return cache.computeIfAbsent(roleId, id -> d.roles().findById(id).map(Role::name).orElse("unknown"));
  }

  private static OrganizationView view(OrgAccess access) {
    return view(access.organization(), access.role());
  }

  private static OrganizationView view(Organization organization, Role role) {
    return new OrganizationView(organization.id(), organization.name(), organization.slug(),
        organization.createdAt(), role.name());
  }

  private static InvitationView view(Invitation invitation, String role, Instant now) {
    return new InvitationView(invitation.id(), invitation.email().display(), invitation.roleId(), role,
        invitation.invitedBy(), invitation.createdAt(), invitation.expiresAt(), invitation.statusAt(now));
  }

  private static MemberView view(Membership membership, User user, String role) {
    return new MemberView(user.id(), user.email().display(), user.displayName(), membership.roleId(), role,
        membership.createdAt());
  }

  private static RoleView view(Role role) {
    return new RoleView(role.id(), role.name(), Scopes.sorted(role.scopes()), role.builtIn());
  }
}
