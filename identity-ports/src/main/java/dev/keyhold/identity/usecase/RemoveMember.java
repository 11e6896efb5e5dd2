package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Removes a member from an organization, or lets the caller leave it. */
public interface RemoveMember {

  /** @param member whom to remove; the caller themselves to leave */
  record Command(Actor actor, OrgId orgId, UserId member) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(member, "member");
    }
  }

  /**
   * Leaving needs no scope; removing others needs {@code members:write} and every scope of their role.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when the user is not a member
   * @throws dev.keyhold.identity.error.ConflictException {@code last_owner}
   */
  void removeMember(Command command);
}
