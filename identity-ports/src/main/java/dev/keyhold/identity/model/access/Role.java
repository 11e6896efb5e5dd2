package dev.keyhold.identity.model.access;

import dev.keyhold.identity.error.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named set of scopes.
 *
 * <p>Invariants: a {@link RoleKind#GLOBAL} role has no organization and only global scopes; an
 * {@link RoleKind#ORGANIZATION} role has only organization scopes and either belongs to one organization (a custom
 * role) or to none (a built-in role every organization has). Names are 1 to {@value #NAME_MAX_LENGTH} of
 * {@code a-z 0-9 _ -} ({@link #NAME_PATTERN}) and unique among the roles an organization (or the platform) can use.
 *
 * @param id identity
 * @param kind global or organization
 * @param orgId the organization of a custom organization role, else {@code null}
 * @param name the role's name, for example {@code owner}
 * @param scopes what holders may do
 * @param builtIn whether Keyhold defines it (built-in roles cannot be changed or deleted)
 * @param createdAt when it was created
 */
public record Role(
    RoleId id, RoleKind kind, OrgId orgId, String name, Set<String> scopes, boolean builtIn, Instant createdAt) {

  /** The longest name. */
  public static final int NAME_MAX_LENGTH = 50;

  /** What a whole name matches (a regular expression, unanchored, as {@link java.util.regex.Matcher#matches}). */
  public static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0," + (NAME_MAX_LENGTH - 1) + "}";

  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

  public Role {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    name = validName(name);
    scopes = validScopes(kind, scopes);
    if (kind == RoleKind.GLOBAL && orgId != null) {
      throw new IllegalArgumentException("a global role belongs to no organization");
    }
    if (builtIn && orgId != null) {
      throw new IllegalArgumentException("built-in roles belong to no organization");
    }
  }

  /** The name, or a validation failure of field {@code name}. */
  public static String validName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ValidationException.of("name", "invalid_role_name",
          "Use 1 to " + NAME_MAX_LENGTH
              + " lower-case letters, digits, '_' and '-', starting with a letter or digit.");
    }
    return name;
  }

  /** The scopes, or a validation failure of field {@code scopes} naming those outside the kind's catalog. */
  public static Set<String> validScopes(RoleKind kind, Set<String> scopes) {
    Objects.requireNonNull(scopes, "scopes");
    List<String> unknown = new ArrayList<>();
    for (String scope : scopes) {
      if (!Scopes.catalog(kind).contains(scope)) {
        unknown.add(String.valueOf(scope));
      }
    }
    if (!unknown.isEmpty()) {
      throw ValidationException.of("scopes", "unknown_scope",
          "Not " + (kind == RoleKind.GLOBAL ? "platform" : "organization") + " scopes: " + unknown.stream().sorted()
              .toList() + ".");
    }
    return Set.copyOf(scopes);
  }

  /** Whether this role's scopes are all held in {@code held} (so a holder of {@code held} may grant it). */
  public boolean grantableWith(Set<String> held) {
    return held.containsAll(scopes);
  }
}
