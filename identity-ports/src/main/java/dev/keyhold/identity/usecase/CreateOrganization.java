package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import java.util.Objects;

/** Creates an organization; the caller becomes its owner. */
public interface CreateOrganization {

  /**
   * @param actor who creates it, and becomes its owner
   * @param name the display name
   * @param slug the unique, URL-safe short name, or {@code null} to derive one from the name: lower-case,
   *     ASCII-folded, other characters turned into hyphens, cut to the slug limits, and suffixed {@code -2},
   *     {@code -3}, ... while another organization holds it
   */
  record Command(Actor actor, String name, String slug) {
    public Command {
      Objects.requireNonNull(actor, "actor");
    }
  }

  /**
   * @throws dev.keyhold.identity.error.ValidationException for a bad name or slug
   * @throws dev.keyhold.identity.error.ConflictException {@code slug_taken} for a given slug another organization
   *     holds; for a derived one only when many candidates in a row are taken (concurrent creates of one name each
   *     end with their own slug)
   */
  OrganizationView create(Command command);
}
