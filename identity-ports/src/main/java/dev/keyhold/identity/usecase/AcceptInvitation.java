package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import java.util.Objects;

/** Joins an organization by the token from an invitation's link. */
public interface AcceptInvitation {

  /** @param token the secret from the invitation's link; never printed */
  record Command(Actor actor, String token) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }

    @Override
    public String toString() {
      return "Command[actor=" + actor + ", token=***]";
    }
  }

  /**
   * The caller's verified email must equal the invited one; they join with the invitation's role.
   *
   * @return the organization as its new member sees it
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code LINK_TOKEN} when no pending invitation
   *     has the token, or the caller's verified email is not the invited one (the same answer, so the token's
   *     validity is not revealed to the wrong person)
   * @throws dev.keyhold.identity.error.ConflictException {@code already_member}
   */
  OrganizationView acceptInvitation(Command command);
}
