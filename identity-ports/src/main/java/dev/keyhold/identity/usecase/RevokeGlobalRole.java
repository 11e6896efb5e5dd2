package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Revokes a global role from a user. */
public interface RevokeGlobalRole {

  /** @param role the role's name */
  record Command(Actor actor, UserId userId, String role) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code roles:write} and every scope of the role. Idempotent. Nobody revokes their own {@code admin} role
   * (so the platform cannot lose its last administrator by accident).
   *
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user or role
   * @throws dev.keyhold.identity.error.ValidationException {@code implicit_role} for the {@code user} role
   * @throws dev.keyhold.identity.error.ForbiddenException for one's own {@code admin} role, or an escalation
   */
  void revokeRole(Command command);
}
