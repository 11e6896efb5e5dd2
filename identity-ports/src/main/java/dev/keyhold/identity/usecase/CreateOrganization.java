package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import java.util.Objects;

/** Creates an organization; the caller becomes its owner. */
public interface CreateOrganization {

  /**
   * @param actor who creates it, and becomes its owner
   * @param name the display name
   * @param slug the unique, URL-safe short name
   */
  record Command(Actor actor, String name, String slug) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }
  }

  /**
   * @throws dev.keyhold.identity.error.ValidationException for a bad name or slug
   * @throws dev.keyhold.identity.error.ConflictException {@code slug_taken}
   */
  OrganizationView create(Command command);
}
