package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import java.util.Objects;

/** Changes an organization's name, slug or two-factor requirement. */
public interface UpdateOrganization {

  /**
   * @param name the new name, or {@code null} to keep it
   * @param slug the new slug, or {@code null} to keep it
   * @param requireMfa whether members need a second factor for the organization's tokens, or {@code null} to keep it
   */
  record Command(Actor actor, OrgId orgId, String name, String slug, Boolean requireMfa) {
    public Command {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(orgId, "orgId");
    }

    /** A rename, leaving the two-factor requirement as it is. */
    public Command(Actor actor, OrgId orgId, String name, String slug) {
      this(actor, orgId, name, slug, null);
    }
  }

  /**
   * Needs {@code org:write}; changing {@code requireMfa} needs the owner, and turning it on needs the owner's own
   * session to have passed a second factor. Giving the current values changes nothing and records nothing.
   *
   * @throws dev.keyhold.identity.error.ValidationException for a bad name or slug
   * @throws dev.keyhold.identity.error.ConflictException {@code slug_taken}
   * @throws dev.keyhold.identity.error.ForbiddenException when a member who is not the owner changes {@code requireMfa}
   * @throws dev.keyhold.identity.error.MfaRequiredException when the owner's session lacks a second factor
   */
  OrganizationView update(Command command);
}
