package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.access.OrgId;
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
    extends ListGlobalRoles, CreateGlobalRole, GrantGlobalRole, RevokeGlobalRole, ListUsers, GetUser, CreateUser,
        DisableUser, EnableUser, LogoutUser, DeleteUser, ResetUserMfa, BootstrapAdmin {

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

  /**
   * A user in full, for {@link GetUser}.
   *
   * @param organizations the user's memberships, oldest first
   * @param activeSessions how many of the user's sessions are active now
   * @param mfaEnabled whether the user has confirmed two-factor sign-in (a pending enrolment is not)
   * @param lastLoginAt when the newest active session started, or {@code null} when the user has none: Keyhold stores
   *     no separate last-login time, so a sign-in whose session has ended or expired does not count
   */
  record UserDetails(
      UserSummary user, List<OrganizationPlace> organizations, int activeSessions, boolean mfaEnabled,
      Instant lastLoginAt) {
    public UserDetails {
      organizations = List.copyOf(organizations);
    }
  }

  /** A user's membership: the organization and the name of their role in it. */
  record OrganizationPlace(OrgId id, String slug, String role) {}

  /** One page of a list, and the cursor of the next page ({@code null} on the last). */
  record Page<T>(List<T> items, String nextCursor) {
    public Page {
      items = List.copyOf(items);
    }
  }
}
