package dev.keyhold.identity.core.internal.access;

import dev.keyhold.identity.error.ForbiddenException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The no-escalation rule, as a pure function: a set of scopes may be handed on (granted with a role, put into an
 * invitation or a new role) only by someone who holds every one of them, in the same place (globally for global
 * roles, in the same organization for organization roles).
 */
public final class Grants {

  private Grants() {}

  /** The scopes of {@code wanted} that {@code held} lacks, sorted; empty when {@code wanted} may be granted. */
  public static List<String> missing(Set<String> held, Collection<String> wanted) {
    return wanted.stream().filter(scope -> !held.contains(scope)).distinct().sorted().toList();
  }

  /**
   * Passes when {@code held} contains every scope of {@code wanted}.
   *
   * @throws ForbiddenException naming the scopes the caller lacks
   */
  public static void requireGrantable(Set<String> held, Collection<String> wanted) {
    List<String> missing = missing(held, wanted);
    if (!missing.isEmpty()) {
      throw new ForbiddenException("You cannot grant scopes you do not hold: " + String.join(" ", missing) + ".");
    }
  }
}
