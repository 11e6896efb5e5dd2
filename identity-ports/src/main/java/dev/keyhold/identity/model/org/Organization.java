package dev.keyhold.identity.model.org;

import dev.keyhold.identity.error.ValidationException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant: users belong to it through memberships.
 *
 * @param id stable identity
 * @param name display name, 1 to 100 characters
 * @param slug unique, URL-safe handle: 3 to 63 of {@code a-z 0-9 -}, starting and ending with a letter or digit
 * @param createdAt when it was created
 * @param updatedAt when its name or slug last changed
 */
public record Organization(OrgId id, String name, String slug, Instant createdAt, Instant updatedAt) {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]");

  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    name = validName(name);
    slug = validSlug(slug);
  }

  /** The trimmed name, or a validation failure of field {@code name}. */
  public static String validName(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > 100
        || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw ValidationException.of("name", "invalid_name", "Use 1 to 100 characters and no control characters.");
    }
    return trimmed;
  }

  /** The slug, or a validation failure of field {@code slug}. */
  public static String validSlug(String slug) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw ValidationException.of("slug", "invalid_slug",
          "Use 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.");
    }
    return slug;
  }

  public Organization renamed(String newName, String newSlug, Instant at) {
    return new Organization(id, newName, newSlug, createdAt, at);
  }
}
