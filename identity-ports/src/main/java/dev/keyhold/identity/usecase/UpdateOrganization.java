package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import java.util.Objects;

/** Renames an organization: its name, its slug or both. */
public interface UpdateOrganization {

  /**
   * @param name the new name, or {@code null} to keep it
   * @param slug the new slug, or {@code null} to keep it
   */
  record Command(Actor actor, OrgId orgId, String name, String slug) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
    }
  }

  /**
   * Needs {@code org:write}. Giving the current values changes nothing and records nothing.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a bad name or slug
   * @throws dev.keyhold.identity.error.ConflictException {@code slug_taken}
   */
  OrganizationView update(Command command);
}
