package dev.keyhold.identity.model.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The roles Keyhold defines, with fixed ids so every store seeds the same rows.
 *
 * <ul>
 *   <li>global {@code admin}: {@code users:read users:write roles:write audit:read}
 *   <li>global {@code user}: no scopes; every user holds it implicitly
 *   <li>organization {@code owner}: every organization scope
 *   <li>organization {@code admin}: every organization scope but {@code org:delete}; cannot transfer ownership
 *   <li>organization {@code member}: {@code org:read members:read roles:read}
 * </ul>
 */
public final class BuiltInRoles {

  private static final Instant DEFINED = Instant.parse("2026-01-01T00:00:00Z");

  public static final Role ADMIN = global("00000000-0000-4000-8000-00000000a001", "admin", Scopes.GLOBAL);
  public static final Role USER = global("00000000-0000-4000-8000-00000000a002", "user", Set.of());
  public static final Role OWNER =
      organization("00000000-0000-4000-8000-00000000b001", "owner", Scopes.ORGANIZATION);
  public static final Role ORG_ADMIN = organization("00000000-0000-4000-8000-00000000b002", "admin",
      Set.of(Scopes.ORG_READ, Scopes.ORG_WRITE, Scopes.MEMBERS_READ, Scopes.MEMBERS_WRITE, Scopes.INVITATIONS_READ,
          Scopes.INVITATIONS_WRITE, Scopes.ROLES_READ, Scopes.ROLES_WRITE, Scopes.AUDIT_READ));
  public static final Role MEMBER = organization("00000000-0000-4000-8000-00000000b003", "member",
      Set.of(Scopes.ORG_READ, Scopes.MEMBERS_READ, Scopes.ROLES_READ));

  /** Every built-in role, for stores to seed. */
  public static final List<Role> ALL = List.of(ADMIN, USER, OWNER, ORG_ADMIN, MEMBER);

  private BuiltInRoles() {}

  public static Optional<Role> byId(RoleId id) {
    return ALL.stream().filter(role -> role.id().equals(id)).findFirst();
  }

  private static Role global(String id, String name, Set<String> scopes) {
    return new Role(new RoleId(UUID.fromString(id)), RoleKind.GLOBAL, null, name, scopes, true, DEFINED);
  }

  private static Role organization(String id, String name, Set<String> scopes) {
    return new Role(new RoleId(UUID.fromString(id)), RoleKind.ORGANIZATION, null, name, scopes, true, DEFINED);
  }
}
