package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import java.util.List;
import java.util.Optional;

/**
 * Roles: the built-in ones (seeded by every store from
 * {@link dev.keyhold.identity.model.access.BuiltInRoles#ALL}, present in a fresh store) and custom ones. Every method
 * may throw {@link dev.keyhold.identity.error.StoreUnavailableException}.
 */
public interface RoleRepository {

  /**
   * Stores a custom role.
   *
   * @throws dev.keyhold.identity.error.ConflictException with code {@code role_name_taken} when a role of the same
   *     kind with the same name is visible where this one would be (for a global role: any global role; for an
   *     organization role: the built-in organization roles and that organization's custom roles); nothing is
   *     stored then
   */
  void insert(Role role);

  /** The role with this id, built-in or custom, or empty. */
  Optional<Role> findById(RoleId id);

  /** Every global role, built-in first, then by name. */
  List<Role> listGlobal();

  /** The roles an organization can use: the built-in organization roles, then its custom roles, each by name. */
  List<Role> listForOrganization(OrgId orgId);
}
