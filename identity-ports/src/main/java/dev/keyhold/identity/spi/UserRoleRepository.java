package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.List;

/**
 * Global roles granted to users (the implicit {@code user} role is never stored). Every method may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}.
 */
public interface UserRoleRepository {

  /**
   * Grants a global role. Idempotent.
   *
   * @return true when this call granted it, false when the user already had it
   */
  boolean grant(UserId userId, RoleId roleId, Instant at);

  /**
   * Revokes a global role. Idempotent.
   *
   * @return true when this call revoked it
   */
  boolean revoke(UserId userId, RoleId roleId);

  /** The global roles granted to the user, in grant order. */
  List<RoleId> rolesOf(UserId userId);
}
