package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.AcceptInvitation;
import dev.keyhold.identity.usecase.ChangeMemberRole;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.CreateOrganizationRole;
import dev.keyhold.identity.usecase.DeleteOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.IssueOrganizationToken;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.RemoveMember;
import dev.keyhold.identity.usecase.RevokeInvitation;
import dev.keyhold.identity.usecase.TransferOwnership;
import dev.keyhold.identity.usecase.UpdateOrganization;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Hand-written {@link Organizations}: every use case answers with a fixed view (replaceable by a test), or throws
 * what {@link #failWith} installed, and records the call with its command's components (the caller apart) in order.
 */
final class FakeOrganizations implements Organizations {

  static final OrgId ORG = new OrgId(UUID.fromString("0a6a0000-0000-4000-8000-00000000000a"));
  static final UserId MEMBER = new UserId(UUID.fromString("0e6e0000-0000-4000-8000-00000000000e"));
  static final InvitationId INVITATION = new InvitationId(UUID.fromString("01010000-0000-4000-8000-000000000001"));
  static final RoleId ROLE = new RoleId(UUID.fromString("0f0f0000-0000-4000-8000-00000000000f"));
  static final Instant CREATED_AT = Instant.parse("2025-02-03T04:05:06Z");
  static final Instant EXPIRES_AT = Instant.parse("2025-02-10T04:05:06Z");

  static final OrganizationView ORGANIZATION = new OrganizationView(ORG, "Acme", "acme", false, CREATED_AT, "owner");
  static final MemberView MEMBER_VIEW =
      new MemberView(MEMBER, "bob@example.com", "Bob", ROLE, "admin", CREATED_AT);
  static final InvitationView INVITATION_VIEW = new InvitationView(INVITATION, "carol@example.com", ROLE, "member",
      FakeAccounts.USER, CREATED_AT, EXPIRES_AT, InvitationStatus.PENDING);
  static final RoleView ROLE_VIEW = new RoleView(ROLE, "auditor", List.of("members:read", "org:read"), false);

  /** One recorded call: the use case, its caller and its other arguments in order. */
  record Call(String method, Actor actor, List<Object> arguments) {
    Object argument(int index) {
      return arguments.get(index);
    }
  }

  volatile OrganizationView organization;
  volatile List<OrganizationView> organizations;
  volatile MemberView member;
  volatile List<MemberView> members;
  volatile InvitationView invitation;
  volatile List<InvitationView> invitations;
  volatile RoleView role;
  volatile List<RoleView> roles;
  volatile OrganizationToken token;
  volatile RuntimeException failure;

  volatile Call lastCall;
  /** The last update's whole command, {@code require_mfa} included. */
  volatile UpdateOrganization.Command lastUpdate;

  FakeOrganizations() {
    reset();
  }

  void reset() {
    organization = ORGANIZATION;
    organizations = List.of(ORGANIZATION);
    member = MEMBER_VIEW;
    members = List.of(MEMBER_VIEW);
    invitation = INVITATION_VIEW;
    invitations = List.of(INVITATION_VIEW);
    role = ROLE_VIEW;
    roles = List.of(ROLE_VIEW);
    token = new OrganizationToken("org.access.token", Duration.ofMinutes(15), ORG, List.of("members:read", "org:read"));
    failure = null;
    lastCall = null;
    lastUpdate = null;
  }

  /** Makes every use case throw {@code failure}. */
  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  private <T> T answer(T result, String method, Actor actor, Object... arguments) {
    lastCall = new Call(method, actor, Arrays.asList(arguments));
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public OrganizationView create(CreateOrganization.Command c) {
    return answer(organization, "create", c.actor(), c.name(), c.slug());
  }

  @Override
  public List<OrganizationView> listMine(Actor actor) {
    return answer(organizations, "listMine", actor);
  }

  @Override
  public OrganizationView get(Actor actor, OrgId orgId) {
    return answer(organization, "get", actor, orgId);
  }

  @Override
  public OrganizationView update(UpdateOrganization.Command c) {
    lastUpdate = c;
    return answer(organization, "update", c.actor(), c.orgId(), c.name(), c.slug());
  }

  @Override
  public void delete(DeleteOrganization.Command c) {
    answer(null, "delete", c.actor(), c.orgId());
  }

  @Override
  public InvitationView invite(InviteMember.Command c) {
    return answer(invitation, "invite", c.actor(), c.orgId(), c.email(), c.role(), c.expiresIn());
  }

  @Override
  public List<InvitationView> listInvitations(Actor actor, OrgId orgId) {
    return answer(invitations, "listInvitations", actor, orgId);
  }

  @Override
  public void revokeInvitation(RevokeInvitation.Command c) {
    answer(null, "revokeInvitation", c.actor(), c.orgId(), c.invitationId());
  }

  @Override
  public OrganizationView acceptInvitation(AcceptInvitation.Command c) {
    return answer(organization, "acceptInvitation", c.actor(), c.token());
  }

  @Override
  public List<MemberView> listMembers(Actor actor, OrgId orgId) {
    return answer(members, "listMembers", actor, orgId);
  }

  @Override
  public MemberView changeRole(ChangeMemberRole.Command c) {
    return answer(member, "changeRole", c.actor(), c.orgId(), c.member(), c.role());
  }

  @Override
  public void removeMember(RemoveMember.Command c) {
    answer(null, "removeMember", c.actor(), c.orgId(), c.member());
  }

  @Override
  public void transferOwnership(TransferOwnership.Command c) {
    answer(null, "transferOwnership", c.actor(), c.orgId(), c.newOwner());
  }

  @Override
  public List<RoleView> listRoles(Actor actor, OrgId orgId) {
    return answer(roles, "listRoles", actor, orgId);
  }

  @Override
  public RoleView createRole(CreateOrganizationRole.Command c) {
    return answer(role, "createRole", c.actor(), c.orgId(), c.name(), c.scopes());
  }

  @Override
  public OrganizationToken issueToken(IssueOrganizationToken.Command c) {
    return answer(token, "token", c.actor(), c.orgId());
  }
}
