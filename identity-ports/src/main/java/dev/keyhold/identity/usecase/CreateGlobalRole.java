package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Administration.GlobalRoleView;
import java.util.List;
import java.util.Objects;

/** Creates a global role from the platform scope catalog. */
public interface CreateGlobalRole {

  /**
   * @param name the role's name, unique among global roles (built-in names included)
   * @param scopes platform scope names; kept as given, so a {@code null} list or entry is reported by the use case
   *     as a validation failure
   */
  record Command(Actor actor, String name, List<String> scopes) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }
  }

  /**
   * Needs {@code roles:write} and every scope given.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a bad name or an unknown scope
   * @throws dev.keyhold.identity.error.ConflictException {@code role_name_taken}
   */
  GlobalRoleView createGlobalRole(Command command);
}
