package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Hands an organization's ownership to another member. */
public interface TransferOwnership {

  record Command(Actor actor, OrgId orgId, UserId newOwner) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(newOwner, "newOwner");
    }
  }

  /**
   * Makes another member an owner and the caller an {@code admin}; the organization has an owner at every moment.
   * Only an owner may.
   *
   * @throws dev.keyhold.identity.error.ForbiddenException when the caller is not an owner
   * @throws dev.keyhold.identity.error.ValidationException {@code invalid_new_owner} for the caller themselves
   * @throws dev.keyhold.identity.error.NotFoundException when the new owner is not a member
   */
  void transferOwnership(Command command);
}
