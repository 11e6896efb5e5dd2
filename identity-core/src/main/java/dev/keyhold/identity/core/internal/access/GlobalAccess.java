package dev.keyhold.identity.core.internal.access;

import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.user.UserId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a user may do on the platform right now: the implicit {@code user} role plus the global roles granted to
 * them. Pure; resolved by {@link AccessResolver#global}; {@link AccessPolicy} decides with it.
 *
 * @param userId whose access
 * @param roles the user's global roles, the implicit {@code user} role first, then the granted ones in grant order
 */
public record GlobalAccess(UserId userId, List<Role> roles) {

  public GlobalAccess {
    Objects.requireNonNull(userId, "userId");
    roles = List.copyOf(roles);
    if (roles.stream().anyMatch(role -> role.kind() != RoleKind.GLOBAL)) {
      throw new IllegalArgumentException("global access consists of global roles only");
    }
  }

  /** The union of the roles' scopes. */
  public Set<String> scopes() {
    Set<String> scopes = new HashSet<>();
    roles.forEach(role -> scopes.addAll(role.scopes()));
    return Set.copyOf(scopes);
  }

  /** The scopes in token order (sorted), as the {@code scope} claim carries them. */
  public List<String> sortedScopes() {
    return Scopes.sorted(scopes());
  }

  public boolean has(String scope) {
    return scopes().contains(scope);
  }

  /** Whether the user holds the role (the implicit {@code user} role included). */
  public boolean holds(RoleId roleId) {
    return roles.stream().anyMatch(role -> role.id().equals(roleId));
  }

  /** Whether the user is a platform administrator (holds the built-in {@code admin} role). */
  public boolean isAdmin() {
    return holds(BuiltInRoles.ADMIN.id());
  }

  /**
   * Passes when the user holds every scope of {@code wanted} globally (the no-escalation rule for global roles).
   *
   * @throws ForbiddenException otherwise
   */
  public void requireGrantable(Collection<String> wanted) {
    Grants.requireGrantable(scopes(), wanted);
  }
}
