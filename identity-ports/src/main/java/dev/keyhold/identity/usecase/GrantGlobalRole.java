package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Grants a global role to a user. */
public interface GrantGlobalRole {

  /** @param role the role's name */
  record Command(Actor actor, UserId userId, String role) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(userId, "userId");
    }
  }

  /**
   * Needs {@code roles:write} and every scope of the role. Idempotent: granting a held role changes and records
   * nothing.
   *
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user or role
   */
  void grantRole(Command command);
}
