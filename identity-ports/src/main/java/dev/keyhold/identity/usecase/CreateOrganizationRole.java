package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.RoleView;
import java.util.List;
import java.util.Objects;

/** Creates a custom role in an organization from the organization scope catalog. */
public interface CreateOrganizationRole {

  /**
   * @param name the role's name, unique in the organization (built-in names included)
   * @param scopes organization scope names; kept as given, so a {@code null} list or entry is reported by the use
   *     case as a validation failure
   */
  record Command(Actor actor, OrgId orgId, String name, List<String> scopes) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
    }
  }

  /**
   * Needs {@code roles:write} and every scope given.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a bad name or an unknown scope
   * @throws dev.keyhold.identity.error.ConflictException {@code role_name_taken}
   */
  RoleView createRole(Command command);
}
