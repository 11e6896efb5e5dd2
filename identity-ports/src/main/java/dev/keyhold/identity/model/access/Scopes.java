package dev.keyhold.identity.model.access;

import java.util.List;
import java.util.Set;

/** The scope catalogs. A role may only hold scopes of its kind's catalog. */
public final class Scopes {

  public static final String USERS_READ = "users:read";
  public static final String USERS_WRITE = "users:write";
  public static final String ROLES_WRITE = "roles:write";
  public static final String AUDIT_READ = "audit:read";

  public static final String ORG_READ = "org:read";
  public static final String ORG_WRITE = "org:write";
  public static final String ORG_DELETE = "org:delete";
  public static final String MEMBERS_READ = "members:read";
  public static final String MEMBERS_WRITE = "members:write";
  public static final String INVITATIONS_READ = "invitations:read";
  public static final String INVITATIONS_WRITE = "invitations:write";
  public static final String ROLES_READ = "roles:read";

  /** Platform scopes, held through global roles. */
  public static final Set<String> GLOBAL = Set.of(USERS_READ, USERS_WRITE, ROLES_WRITE, AUDIT_READ);

  /** Organization scopes, held through a membership's role. */
  public static final Set<String> ORGANIZATION = Set.of(ORG_READ, ORG_WRITE, ORG_DELETE, MEMBERS_READ,
      MEMBERS_WRITE, INVITATIONS_READ, INVITATIONS_WRITE, ROLES_READ, ROLES_WRITE, AUDIT_READ);

  private Scopes() {}

  /** The catalog of a kind. */
  public static Set<String> catalog(RoleKind kind) {
    return kind == RoleKind.GLOBAL ? GLOBAL : ORGANIZATION;
  }

  /** A stable order for display and tokens: the catalog order is alphabetical. */
  public static List<String> sorted(Set<String> scopes) {
    return scopes.stream().sorted().toList();
  }
}
