package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import java.util.Objects;

/** Deletes an organization with its memberships, invitations and roles. */
public interface DeleteOrganization {

  record Command(Actor actor, OrgId orgId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
    }
  }

  /**
   * Needs {@code org:delete} (owners only, among the built-in roles).
   *
   * @throws dev.keyhold.identity.error.NotFoundException when the caller is not a member, or it is already gone
   */
  void delete(Command command);
}
