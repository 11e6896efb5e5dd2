package dev.keyhold.identity.core.internal.org;

import static dev.keyhold.identity.core.internal.org.OrgChecks.NO_SUCH_MEMBER;

import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.OrgAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.usecase.ChangeMemberRole;
import dev.keyhold.identity.usecase.ListMembers;
import dev.keyhold.identity.usecase.Organizations.MemberView;
import dev.keyhold.identity.usecase.RemoveMember;
import dev.keyhold.identity.usecase.TransferOwnership;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Members: listing them, changing a member's role, removing a member (or leaving), and transferring ownership. The
 * last-owner invariant is kept by {@link MembershipRepository}, atomically.
 */
final class MemberService implements ListMembers, ChangeMemberRole, RemoveMember, TransferOwnership {

  private final MembershipRepository memberships;
  private final UserRepository users;
  private final RoleRepository roles;
  private final AccessResolver grants;
  private final Authorizer access;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  MemberService(MembershipRepository memberships, UserRepository users, RoleRepository roles, AccessResolver grants,
      Authorizer access, Auditor audit, EventPublisher events, Clock clock) {
    this.events = events;
    this.memberships = memberships;
    this.users = users;
    this.roles = roles;
    this.grants = grants;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public List<MemberView> listMembers(Actor actor, OrgId orgId) {
    access.inOrganization(actor, orgId, Scopes.MEMBERS_READ);
    OrgViews.RoleNames roleNames = new OrgViews.RoleNames(roles);
    List<MemberView> members = new ArrayList<>();
    for (Membership membership : memberships.listByOrganization(orgId)) {
      users.findById(membership.userId())
          .ifPresent(user -> members.add(OrgViews.view(membership, user, roleNames.of(membership.roleId()))));
    }
    return members;
  }

  @Override
  public MemberView changeRole(ChangeMemberRole.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    UserId member = command.member();
    OrgAccess caller = access.inOrganization(actor, orgId, Scopes.MEMBERS_WRITE);
    if (member.equals(actor.userId())) {
      audit.failure("member.role_change_refused", actor.userId(), member, orgId, actor.client(),
          Map.of("reason", "self"));
      throw new ForbiddenException("You cannot change your own role.");
    }
    Membership target = memberships.find(orgId, member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    Role next = OrgChecks.usableRole(grants, caller.organization(), command.role());
    Set<String> needed = new HashSet<>(OrgChecks.scopesOf(roles, target.roleId()));
    needed.addAll(next.scopes());
    OrgChecks.requireGrantable(audit, actor, caller, needed, "member.role_change_refused", member);
    if (!next.id().equals(target.roleId())) {
      Instant now = clock.instant();
      MembershipRepository.Change change =
          memberships.changeRole(orgId, member, next.id(), BuiltInRoles.OWNER.id(), now);
      OrgChecks.requireDone(audit, change, actor, orgId, member, "member.role_change_refused");
      audit.success("member.role_changed", actor.userId(), member, orgId, actor.client(),
          Map.of("from", new OrgViews.RoleNames(roles).of(target.roleId()), "to", next.name()));
      events.publish(new IdentityEvent.MemberRoleChanged(orgId, member, next.name(), actor.userId(), now));
    }
    Membership updated = memberships.find(orgId, member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    User user = users.findById(member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    return OrgViews.view(updated, user, new OrgViews.RoleNames(roles).of(updated.roleId()));
  }

  @Override
  public void removeMember(RemoveMember.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    UserId member = command.member();
    OrgAccess caller = access.member(actor, orgId);
    if (member.equals(actor.userId())) {
      OrgChecks.requireDone(audit, memberships.remove(orgId, member, BuiltInRoles.OWNER.id()), actor, orgId, member,
          "member.leave_refused");
      audit.success("member.left", actor.userId(), member, orgId, actor.client(), Map.of());
      events.publish(new IdentityEvent.MemberRemoved(orgId, member, actor.userId(), clock.instant()));
      return;
    }
    access.require(actor, caller, Scopes.MEMBERS_WRITE);
    Membership target = memberships.find(orgId, member).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    OrgChecks.requireGrantable(audit, actor, caller, OrgChecks.scopesOf(roles, target.roleId()),
        "member.remove_refused", member);
    OrgChecks.requireDone(audit, memberships.remove(orgId, member, BuiltInRoles.OWNER.id()), actor, orgId, member,
        "member.remove_refused");
    audit.success("member.removed", actor.userId(), member, orgId, actor.client(),
        Map.of("role", new OrgViews.RoleNames(roles).of(target.roleId())));
    events.publish(new IdentityEvent.MemberRemoved(orgId, member, actor.userId(), clock.instant()));
  }

  @Override
  public void transferOwnership(TransferOwnership.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    UserId newOwner = command.newOwner();
    OrgAccess caller = access.member(actor, orgId);
    if (!caller.isOwner()) {
      audit.failure("org.ownership_transfer_refused", actor.userId(), newOwner, orgId, actor.client(),
          Map.of("reason", "not_owner"));
      throw new ForbiddenException("Only an owner can transfer ownership.");
    }
    if (newOwner.equals(actor.userId())) {
      throw ValidationException.of("user_id", "invalid_new_owner", "Choose another member as the new owner.");
    }
    memberships.find(orgId, newOwner).orElseThrow(() -> new NotFoundException(NO_SUCH_MEMBER));
    Instant now = clock.instant();
    // Promote first, then demote: the organization has an owner at every moment, so the store's last-owner guard
    // never refuses the demotion.
    OrgChecks.requireDone(audit,
        memberships.changeRole(orgId, newOwner, BuiltInRoles.OWNER.id(), BuiltInRoles.OWNER.id(), now),
        actor, orgId, newOwner, "org.ownership_transfer_refused");
    OrgChecks.requireDone(audit, memberships.changeRole(orgId, actor.userId(), BuiltInRoles.ORG_ADMIN.id(),
        BuiltInRoles.OWNER.id(), now), actor, orgId, actor.userId(), "org.ownership_transfer_refused");
    audit.success("org.ownership_transferred", actor.userId(), newOwner, orgId, actor.client(), Map.of());
    events.publish(new IdentityEvent.MemberRoleChanged(orgId, newOwner, BuiltInRoles.OWNER.name(), actor.userId(),
        now));
    events.publish(new IdentityEvent.MemberRoleChanged(orgId, actor.userId(), BuiltInRoles.ORG_ADMIN.name(),
        actor.userId(), now));
  }
}
