package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.InvitationView;
import java.time.Duration;
import java.util.Objects;

/**
 * Invites an email address into an organization with a role, and mails the link; replaces earlier pending
 * invitations of the same address.
 */
public interface InviteMember {

  /**
   * @param email the address to invite
   * @param role the role's name (built in, or one of the organization's own)
   * @param expiresIn how long the invitation works, or {@code null} for the default (7 days); at most 30 days
   */
  record Command(Actor actor, OrgId orgId, String email, String role, Duration expiresIn) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
    }
  }

  /**
   * Needs {@code invitations:write} and every scope of the role; counts against the inviter's {@code invite-user}
   * rate limit.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a bad email, an unknown role or an out-of-range
   *     lifetime
   * @throws dev.keyhold.identity.error.ConflictException {@code already_member} when the address belongs to a
   *     member
   * @throws dev.keyhold.identity.error.TooManyRequestsException when the inviter's rate limit is hit
   */
  InvitationView invite(Command command);
}
