package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.org.InvitationId;
import java.util.Objects;

/** Revokes a pending invitation, so its link stops working. */
public interface RevokeInvitation {

  record Command(Actor actor, OrgId orgId, InvitationId invitationId) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(invitationId, "invitationId");
    }
  }

  /**
   * Needs {@code invitations:write}.
   *
   * @throws dev.keyhold.identity.error.NotFoundException when no pending invitation of this organization has the id
   */
  void revokeInvitation(Command command);
}
