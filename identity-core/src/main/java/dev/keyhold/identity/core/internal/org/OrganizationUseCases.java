package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.protection.Protection;
import dev.keyhold.identity.core.internal.token.SessionIssuer;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.SecretGenerator;
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
import java.time.Clock;
import java.util.List;

/**
 * The organization use cases gathered as {@link Organizations}, each handled by a small service of this package:
 * {@link OrganizationLifecycle}, {@link InvitationService}, {@link MemberService}, {@link OrganizationRoleService}
 * and {@link OrganizationTokenService}.
 *
 * <p>Every use case first resolves the caller's membership from the stores ({@link Authorizer}): a non-member, like
 * an unknown organization id, gets {@code not_found} before any input is looked at, so nothing about an organization
 * leaks to outsiders. Then the scope is checked ({@code forbidden}), then the input, then the no-escalation rule:
 * whatever a member hands on (an invitation's role, a new role for someone, a custom role's scopes, removing a
 * member) must consist of scopes the member holds in this organization.
 */
public final class OrganizationUseCases implements Organizations {

  private final OrganizationLifecycle lifecycle;
  private final InvitationService invitations;
  private final MemberService members;
  private final OrganizationRoleService roles;
  private final OrganizationTokenService tokens;

  private OrganizationUseCases(OrganizationLifecycle lifecycle, InvitationService invitations, MemberService members,
      OrganizationRoleService roles, OrganizationTokenService tokens) {
    this.lifecycle = lifecycle;
    this.invitations = invitations;
    this.members = members;
    this.roles = roles;
    this.tokens = tokens;
  }

  /**
   * Wires the services over the stores.
   *
   * @param invitationUrl the link mailed with an invitation, with {@code {token}} where its secret goes
   * @param productName the name invitation mail is signed with
   */
  public static Organizations create(IdentityStores stores, AccessResolver grants, Authorizer access,
      SessionIssuer sessionIssuer, Protection protection, SecretGenerator secrets, Auditor audit,
      EventPublisher events, Clock clock, String invitationUrl, String productName) {
    return new OrganizationUseCases(
        new OrganizationLifecycle(stores.organizations(), stores.memberships(), grants, access, sessionIssuer,
            secrets, audit, events, clock),
        new InvitationService(stores.invitations(), stores.users(), stores.memberships(), stores.roles(), grants,
            access, protection, secrets, audit, events, clock,
            new InvitationService.Mail(invitationUrl, productName)),
        new MemberService(stores.memberships(), stores.users(), stores.roles(), grants, access, audit, events, clock),
        new OrganizationRoleService(stores.roles(), access, secrets, audit, events, clock),
        new OrganizationTokenService(stores.users(), access, sessionIssuer, audit));
  }

  @Override
  public OrganizationView create(CreateOrganization.Command command) {
    return lifecycle.create(command);
  }

  @Override
  public List<OrganizationView> listMine(Actor actor) {
    return lifecycle.listMine(actor);
  }

  @Override
  public OrganizationView get(Actor actor, OrgId orgId) {
    return lifecycle.get(actor, orgId);
  }

  @Override
  public OrganizationView update(UpdateOrganization.Command command) {
    return lifecycle.update(command);
  }

  @Override
  public void delete(DeleteOrganization.Command command) {
    lifecycle.delete(command);
  }

  @Override
  public InvitationView invite(InviteMember.Command command) {
    return invitations.invite(command);
  }

  @Override
  public List<InvitationView> listInvitations(Actor actor, OrgId orgId) {
    return invitations.listInvitations(actor, orgId);
  }

  @Override
  public void revokeInvitation(RevokeInvitation.Command command) {
    invitations.revokeInvitation(command);
  }

  @Override
  public OrganizationView acceptInvitation(AcceptInvitation.Command command) {
    return invitations.acceptInvitation(command);
  }

  @Override
  public List<MemberView> listMembers(Actor actor, OrgId orgId) {
    return members.listMembers(actor, orgId);
  }

  @Override
  public MemberView changeRole(ChangeMemberRole.Command command) {
    return members.changeRole(command);
  }

  @Override
  public void removeMember(RemoveMember.Command command) {
    members.removeMember(command);
  }

  @Override
  public void transferOwnership(TransferOwnership.Command command) {
    members.transferOwnership(command);
  }

  @Override
  public List<RoleView> listRoles(Actor actor, OrgId orgId) {
    return roles.listRoles(actor, orgId);
  }

  @Override
  public RoleView createRole(CreateOrganizationRole.Command command) {
    return roles.createRole(command);
  }

  @Override
  public OrganizationToken issueToken(IssueOrganizationToken.Command command) {
    return tokens.issueToken(command);
  }
}
