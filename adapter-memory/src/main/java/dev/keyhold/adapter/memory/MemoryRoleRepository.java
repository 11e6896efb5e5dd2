package dev.keyhold.adapter.memory;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.spi.RoleRepository;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Roles in the shared {@link MemoryOrgData}, which starts with the built-in roles; an organization's custom roles go
 * when it is deleted.
 */
final class MemoryRoleRepository implements RoleRepository {

  private static final Comparator<Role> BUILT_IN_FIRST_THEN_BY_NAME = Comparator
      .comparing((Role role) -> !role.builtIn())
      .thenComparing(Role::name, MemoryOrder.CODE_POINTS);

  private final MemoryOrgData data;

  MemoryRoleRepository(MemoryOrgData data) {
    this.data = data;
  }

  @Override
  public void insert(Role role) {
    Objects.requireNonNull(role, "role");
    if (role.builtIn()) {
      throw new IllegalArgumentException("built-in roles are seeded, not inserted");
    }
    if (role.kind() == RoleKind.ORGANIZATION && role.orgId() == null) {
      throw new IllegalArgumentException("a custom organization role belongs to an organization");
    }
    synchronized (data.lock) {
      if (data.roles.containsKey(role.id())) {
        throw new IllegalStateException("a role with id " + role.id() + " exists");
      }
      boolean taken = data.roles.values().stream()
          .filter(visibleWhere(role.kind(), role.orgId()))
          .anyMatch(existing -> existing.name().equals(role.name()));
      if (taken) {
        throw new ConflictException(ErrorCode.ROLE_NAME_TAKEN, "A role with this name exists.");
      }
      data.roles.put(role.id(), role);
    }
  }

  @Override
  public Optional<Role> findById(RoleId id) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.roles.get(id));
    }
  }

  @Override
  public List<Role> listGlobal() {
    return list(visibleWhere(RoleKind.GLOBAL, null));
  }

  @Override
  public List<Role> listForOrganization(OrgId orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return list(visibleWhere(RoleKind.ORGANIZATION, orgId));
  }

  private List<Role> list(Predicate<Role> visible) {
    synchronized (data.lock) {
      return data.roles.values().stream().filter(visible).sorted(BUILT_IN_FIRST_THEN_BY_NAME).toList();
    }
  }

  /**
   * The roles of {@code kind} visible where a role of {@code orgId} would be: every global role, or the built-in
   * organization roles and that organization's custom roles.
   */
  private static Predicate<Role> visibleWhere(RoleKind kind, OrgId orgId) {
    return role -> role.kind() == kind && (role.orgId() == null || role.orgId().equals(orgId));
  }
}
