package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.OrgAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.RoleRepository;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Checks shared by the organization use cases: the no-escalation rule and the last-owner invariant, whose refusals
 * are audited, and the roles an organization can hand out.
 */
final class OrgChecks {

  static final String NO_SUCH_MEMBER = "No such member.";

  private OrgChecks() {}

  /** The organization's usable role of this name, or a validation failure of field {@code role}. */
  static Role usableRole(AccessResolver grants, Organization organization, String name) {
    return grants.organizationRole(organization, name).orElseThrow(() ->
        ValidationException.of("role", "unknown_role", "The organization has no role of that name."));
  }

  /** The scopes of a stored role; a role that no longer resolves needs every organization scope (fail closed). */
  static Set<String> scopesOf(RoleRepository roles, RoleId roleId) {
    return roles.findById(roleId).map(Role::scopes).orElse(Scopes.ORGANIZATION);
  }

  /**
   * Passes when the caller holds every scope of {@code scopes} in the organization.
   *
   * @throws ForbiddenException otherwise, after auditing {@code refusal} with reason {@code escalation}
   */
  static void requireGrantable(Auditor audit, Actor actor, OrgAccess access, Collection<String> scopes,
      String refusal, Object target) {
    try {
      access.requireGrantable(scopes);
    } catch (ForbiddenException e) {
      audit.failure(refusal, actor.userId(), target, access.organization().id(), actor.client(),
          Map.of("reason", "escalation"));
      throw e;
    }
  }

  /**
   * Passes when the store made the change.
   *
   * @throws ConflictException {@code last_owner}, after auditing {@code refusal}, when it would leave no owner
   * @throws NotFoundException when the user is not a member
   */
  static void requireDone(Auditor audit, MembershipRepository.Change change, Actor actor, OrgId orgId,
      UserId member, String refusal) {
    if (change == MembershipRepository.Change.LAST_OWNER) {
      audit.failure(refusal, actor.userId(), member, orgId, actor.client(), Map.of("reason", "last_owner"));
      throw new ConflictException(ErrorCode.LAST_OWNER, "The organization must keep an owner: make someone else owner first.");
    }
    if (change == MembershipRepository.Change.NOT_FOUND) {
      throw new NotFoundException(NO_SUCH_MEMBER);
    }
  }
}
