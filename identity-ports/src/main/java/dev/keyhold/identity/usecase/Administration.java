package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import java.time.Instant;
import java.util.List;

/**
 * Platform administration: global roles and users. Checked against the caller's current global roles in the stores
 * ({@code roles:write}, {@code users:read}, {@code users:write}); nobody grants a role with a scope they do not hold.
 * Every change is audited.
 */
public interface Administration {

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

  /** Needs {@code roles:write}. */
  List<GlobalRoleView> listGlobalRoles(Actor actor);

  /**
   * Creates a global role from the platform scope catalog. Needs {@code roles:write} and every scope given.
   *
   * @throws dev.keyhold.identity.error.ConflictException {@code role_name_taken}
   */
  GlobalRoleView createGlobalRole(Actor actor, String name, List<String> scopes);

  /**
   * Grants a global role (by name) to a user. Needs {@code roles:write} and every scope of the role. Idempotent.
   *
   * @throws dev.keyhold.identity.error.NotFoundException for an unknown user or role
   */
  void grantRole(Actor actor, UserId userId, String role);

  /**
   * Revokes a global role (by name). Needs {@code roles:write} and every scope of the role. Idempotent. Nobody revokes
   * their own {@code admin} role (so the platform cannot lose its last administrator by accident).
   */
  void revokeRole(Actor actor, UserId userId, String role);

  /**
   * Lists users, ordered by email. Needs {@code users:read}.
   *
   * @param emailPrefix filter by the start of the (normalized) email, or {@code null}
   * @param status filter by status, or {@code null}
   * @param cursor the {@code nextCursor} of the previous page, or {@code null}
   * @param limit 1 to 200
   * @throws dev.keyhold.identity.error.ValidationException for a malformed cursor or limit
   */
  Page<UserSummary> listUsers(Actor actor, String emailPrefix, UserStatus status, String cursor, int limit);

  /**
   * Disables a user: login fails with the usual generic error and every session ends at once. Needs
   * {@code users:write}; never oneself. Idempotent.
   */
  UserSummary disableUser(Actor actor, UserId userId);

  /** Enables a disabled user. Needs {@code users:write}. Idempotent. */
  UserSummary enableUser(Actor actor, UserId userId);

  /**
   * Creates the first administrator, or makes an existing user one: for the {@code create-admin} command and the
   * bootstrap settings, so it takes no actor. A new user gets the given password and a verified email; an existing
   * user keeps their password.
   *
   * @return the administrator's id
   * @throws dev.keyhold.identity.error.ValidationException for a bad email or a password the policy refuses
   */
  UserId bootstrapAdmin(String email, String password, ClientInfo client);
}
