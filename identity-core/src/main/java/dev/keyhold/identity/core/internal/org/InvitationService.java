package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.crypto.TokenDigests;
import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.OrgAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.protection.Protection;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.ListInvitations;
import dev.keyhold.identity.usecase.Organizations.InvitationView;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import dev.keyhold.identity.usecase.RevokeInvitation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invitations: inviting an address (which queues the mail with the link atomically with the invitation), listing
 * and revoking pending ones, and accepting one by its link.
 *
 * <p>Each invitation counts against the inviter's {@code invite-user} rate limit, after the membership and scope
 * checks (outsiders get {@code not_found} as always) and before the input is looked at.
 */
final class InvitationService implements InviteMember, ListInvitations, RevokeInvitation, AcceptInvitation {

  /**
   * What invitation mail says and links to.
   *
   * @param invitationUrl the link, with {@code {token}} where the invitation's secret goes
   * @param productName the name mail is signed with
   */
  record Mail(String invitationUrl, String productName) {}

  private final InvitationRepository invitations;
  private final UserRepository users;
  private final MembershipRepository memberships;
  private final RoleRepository roles;
  private final AccessResolver grants;
  private final Authorizer access;
  private final Protection protection;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;
  private final Mail mail;

  InvitationService(InvitationRepository invitations, UserRepository users, MembershipRepository memberships,
      RoleRepository roles, AccessResolver grants, Authorizer access, Protection protection, SecretGenerator secrets,
      Auditor audit, EventPublisher events, Clock clock, Mail mail) {
    this.events = events;
    this.invitations = invitations;
    this.users = users;
    this.memberships = memberships;
    this.roles = roles;
    this.grants = grants;
    this.access = access;
    this.protection = protection;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
    this.mail = mail;
  }

  @Override
  public InvitationView invite(InviteMember.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    OrgAccess caller = access.inOrganization(actor, orgId, Scopes.INVITATIONS_WRITE);
    protection.checkUser(RateLimits.INVITE_USER, actor, orgId);
    Email address = Email.parse(command.email());
    Duration ttl = invitationTtl(command.expiresIn());
    Role invitedRole = OrgChecks.usableRole(grants, caller.organization(), command.role());
    OrgChecks.requireGrantable(audit, actor, caller, invitedRole.scopes(), "invitation.create_refused",
        address.normalized());
    Optional<User> existing = users.findByEmail(address);
    if (existing.isPresent() && memberships.find(orgId, existing.get().id()).isPresent()) {
      throw new ConflictException(ErrorCode.ALREADY_MEMBER, "This address belongs to a member of the organization.");
    }
    Instant now = clock.instant();
    String secret = secrets.newSecret();
    Invitation invitation = new Invitation(new InvitationId(secrets.newId()), orgId, address, invitedRole.id(),
        TokenDigests.sha256(secret), actor.userId(), now, now.plus(ttl), null, null, null);
    String link = mail.invitationUrl().replace("{token}", secret);
    invitations.insertReplacingPending(invitation, secrets.newId(), InvitationMail.invitation(
        address.display(), caller.organization().slug(), invitedRole.name(), link, mail.productName()));
    audit.success("invitation.created", actor.userId(), invitation.id(), orgId, actor.client(),
        Map.of("role", invitedRole.name(), "expires_at",
            invitation.expiresAt().toString()));
    events.publish(new IdentityEvent.InvitationCreated(orgId, invitation.id(), actor.userId(), address.display(),
        invitedRole.name(), now));
    return OrgViews.view(invitation, invitedRole.name(), now);
  }

  @Override
  public List<InvitationView> listInvitations(Actor actor, OrgId orgId) {
    access.inOrganization(actor, orgId, Scopes.INVITATIONS_READ);
    Instant now = clock.instant();
    OrgViews.RoleNames roleNames = new OrgViews.RoleNames(roles);
    return invitations.listPending(orgId, now).stream()
        .map(invitation -> OrgViews.view(invitation, roleNames.of(invitation.roleId()), now))
        .toList();
  }

  @Override
  public void revokeInvitation(RevokeInvitation.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    access.inOrganization(actor, orgId, Scopes.INVITATIONS_WRITE);
    if (!invitations.revoke(orgId, command.invitationId(), clock.instant())) {
      throw new NotFoundException("No such invitation.");
    }
    audit.success("invitation.revoked", actor.userId(), command.invitationId(), orgId, actor.client(), Map.of());
    events.publish(new IdentityEvent.InvitationRevoked(orgId, command.invitationId(), actor.userId(),
        clock.instant()));
  }

  @Override
  public OrganizationView acceptInvitation(AcceptInvitation.Command command) {
    Actor actor = command.actor();
    String token = command.token();
    if (token == null || token.isEmpty() || token.length() > TokenHash.MAX_LINK_TOKEN_LENGTH) {
      throw refusedInvitation(actor, null, "malformed");
    }
    Instant now = clock.instant();
    TokenHash hash = TokenDigests.sha256(token);
    Invitation invitation = invitations.findByTokenHash(hash)
        .filter(found -> found.statusAt(now) == InvitationStatus.PENDING)
        .orElseThrow(() -> refusedInvitation(actor, null, "not_pending"));
    boolean invitedAddress = users.findById(actor.userId())
        .filter(User::emailVerified)
        .filter(user -> user.email().sameAddressAs(invitation.email()))
        .isPresent();
    if (!invitedAddress) {
      throw refusedInvitation(actor, invitation, "email_mismatch");
    }
    Membership membership = new Membership(invitation.orgId(), actor.userId(), invitation.roleId(), now, now);
    InvitationRepository.Acceptance outcome = invitations.accept(hash, membership, now);
    if (outcome == InvitationRepository.Acceptance.ALREADY_MEMBER) {
      audit.failure("invitation.accept_failed", actor.userId(), invitation.id(), invitation.orgId(),
          actor.client(), Map.of("reason", "already_member"));
      throw new ConflictException(ErrorCode.ALREADY_MEMBER, "You already belong to this organization.");
    }
    if (outcome != InvitationRepository.Acceptance.ACCEPTED) {
      throw refusedInvitation(actor, invitation, "not_pending");
    }
    String joinedAs = new OrgViews.RoleNames(roles).of(invitation.roleId());
    audit.success("invitation.accepted", actor.userId(), invitation.id(), invitation.orgId(), actor.client(),
        Map.of("role", joinedAs));
    events.publish(new IdentityEvent.MemberJoined(invitation.orgId(), actor.userId(), joinedAs, now));
    return OrgViews.view(access.member(actor, invitation.orgId()));
  }

  private InvalidTokenException refusedInvitation(Actor actor, Invitation invitation, String reason) {
    audit.failure("invitation.accept_failed", actor.userId(), invitation == null ? null : invitation.id(),
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
}
