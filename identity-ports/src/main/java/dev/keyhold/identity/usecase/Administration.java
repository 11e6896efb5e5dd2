package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import java.time.Instant;
import java.util.List;

/**
 * Platform administration: global roles and users. One interface per use case, each with its {@code Command} (or
 * {@code Query}); this one gathers them for callers that use them all (the HTTP adapter,
 * {@code Keyhold#administration()}) and declares the views they answer with.
 *
 * <p>Authorization is checked against the caller's current global roles in the stores ({@code roles:write},
 * {@code users:read}, {@code users:write}); nobody grants a role with a scope they do not hold. Every change is
 * audited.
 */
public interface Administration
    extends ListGlobalRoles, CreateGlobalRole, GrantGlobalRole, RevokeGlobalRole, ListUsers, DisableUser, EnableUser,
        ResetUserMfa, BootstrapAdmin {

  /** A global role. */
  record GlobalRoleView(RoleId id, String name, List<String> scopes, boolean builtIn) {
    public GlobalRoleView {
      scopes = List.copyOf(scopes);
    }
  }

  /** A user as administrators see them. */
  record UserSummary(
      UserId id, String email, String displayName, UserStatus status, boolean emailVerified, Instant createdAt,
      List<String> roles) {
    public UserSummary {
      roles = List.copyOf(roles);
    }
  }

  /** One page of a list, and the cursor of the next page ({@code null} on the last). */
  record Page<T>(List<T> items, String nextCursor) {
    public Page {
      items = List.copyOf(items);
    }
  }
}
