package dev.keyhold.identity.model.org;

import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.OrgId;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant: users belong to it through memberships.
 *
 * @param id stable identity
 * @param name display name, 1 to {@value #NAME_MAX_LENGTH} code points once trimmed, no control characters
 * @param slug unique, URL-safe handle: {@value #SLUG_MIN_LENGTH} to {@value #SLUG_MAX_LENGTH} of {@code a-z 0-9 -},
 *     starting and ending with a letter or digit ({@link #SLUG_PATTERN})
 * @param requireMfa whether members need a session with a second factor for the organization's tokens
 * @param createdAt when it was created
 * @param updatedAt when its name, slug or requirement last changed
 */
public record Organization(
    OrgId id, String name, String slug, boolean requireMfa, Instant createdAt, Instant updatedAt) {

  /** The longest name, in code points once trimmed. */
  public static final int NAME_MAX_LENGTH = 100;

  /** The shortest slug. */
  public static final int SLUG_MIN_LENGTH = 3;

  /** The longest slug. */
  public static final int SLUG_MAX_LENGTH = 63;

  /** What a whole slug matches (a regular expression, unanchored, as {@link java.util.regex.Matcher#matches}). */
  public static final String SLUG_PATTERN =
      "[a-z0-9][a-z0-9-]{" + (SLUG_MIN_LENGTH - 2) + "," + (SLUG_MAX_LENGTH - 2) + "}[a-z0-9]";

  private static final Pattern SLUG = Pattern.compile(SLUG_PATTERN);

  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    name = validName(name);
    slug = validSlug(slug);
  }

  /** An organization that does not require a second factor. */
  public Organization(OrgId id, String name, String slug, Instant createdAt, Instant updatedAt) {
    this(id, name, slug, false, createdAt, updatedAt);
  }

  /** The trimmed name, or a validation failure of field {@code name}. */
  public static String validName(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > NAME_MAX_LENGTH
        || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw ValidationException.of("name", "invalid_name", "Use 1 to " + NAME_MAX_LENGTH + " characters and no control characters.");
    }
    return trimmed;
  }

  /** The slug, or a validation failure of field {@code slug}. */
  public static String validSlug(String slug) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw ValidationException.of("slug", "invalid_slug",
          "Use " + SLUG_MIN_LENGTH + " to " + SLUG_MAX_LENGTH
              + " lower-case letters, digits and hyphens, starting and ending with a letter or digit.");
    }
    return slug;
  }

  public Organization renamed(String newName, String newSlug, Instant at) {
    return new Organization(id, newName, newSlug, requireMfa, createdAt, at);
  }

  public Organization withRequireMfa(boolean required, Instant at) {
    return new Organization(id, name, slug, required, createdAt, at);
  }
}
