package dev.keyhold.client;

import java.time.Instant;
import java.util.Objects;

/**
 * An organization as the caller sees it.
 *
 * @param id a UUID
 * @param slug 3 to 63 of {@code a-z 0-9 -}
 * @param requireMfa whether its organization tokens need a session that passed a second factor
 * @param role the caller's own role in it ({@code owner}, {@code admin}, {@code member} or a custom one)
 */
public record Organization(String id, String name, String slug, boolean requireMfa, Instant createdAt, String role) {

  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
