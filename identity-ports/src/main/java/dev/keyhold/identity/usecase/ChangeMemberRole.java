package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Organizations.MemberView;
import java.util.Objects;

/** Gives a member of an organization another role. */
public interface ChangeMemberRole {

  /** @param role the new role's name (built in, or one of the organization's own) */
  record Command(Actor actor, OrgId orgId, UserId member, String role) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(member, "member");
    }
  }

  /**
   * Needs {@code members:write} and every scope of both the member's current role and the new one; never one's own
   * role. Giving the current role changes nothing.
   *
   * @throws dev.keyhold.identity.error.ForbiddenException for one's own role, or an escalation
   * @throws dev.keyhold.identity.error.NotFoundException when the user is not a member
   * @throws dev.keyhold.identity.error.ConflictException {@code last_owner}
   */
  MemberView changeRole(Command command);
}
