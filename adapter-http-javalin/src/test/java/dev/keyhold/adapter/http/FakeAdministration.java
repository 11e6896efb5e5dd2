package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Administration;
import dev.keyhold.identity.usecase.BootstrapAdmin;
import dev.keyhold.identity.usecase.CreateGlobalRole;
import dev.keyhold.identity.usecase.CreateUser;
import dev.keyhold.identity.usecase.DeleteUser;
import dev.keyhold.identity.usecase.DisableUser;
import dev.keyhold.identity.usecase.EnableUser;
import dev.keyhold.identity.usecase.GetUser;
import dev.keyhold.identity.usecase.GrantGlobalRole;
import dev.keyhold.identity.usecase.ListUsers;
import dev.keyhold.identity.usecase.LogoutUser;
import dev.keyhold.identity.usecase.ResetUserMfa;
import dev.keyhold.identity.usecase.RevokeGlobalRole;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Hand-written {@link Administration}: every use case answers with a fixed view (replaceable by a test), or throws
 * what {@link #failWith} installed, and records the call with its command's components (the caller apart) in order.
 */
final class FakeAdministration implements Administration {

  static final UserId TARGET = new UserId(UUID.fromString("0c0c0000-0000-4000-8000-00000000000c"));
  static final RoleId ROLE = new RoleId(UUID.fromString("0d0d0000-0000-4000-8000-00000000000d"));

  static final GlobalRoleView ROLE_VIEW = new GlobalRoleView(ROLE, "support", List.of("users:read"), false);
  static final UserSummary USER = new UserSummary(TARGET, "dave@example.com", "Dave", UserStatus.ACTIVE, true,
      FakeAccounts.CREATED_AT, List.of("support"));

  static final OrgId ORG = new OrgId(UUID.fromString("0a6a0000-0000-4000-8000-00000000000a"));
  static final UserDetails DETAILS = new UserDetails(USER,
      List.of(new OrganizationPlace(ORG, "acme", "owner")), 2, true, FakeAccounts.CREATED_AT.plusSeconds(60));

  /** One recorded call: the use case, its caller and its other arguments in order. */
  record Call(String method, Actor actor, List<Object> arguments) {
    Object argument(int index) {
      return arguments.get(index);
    }
  }

  volatile List<GlobalRoleView> roles;
  volatile GlobalRoleView role;
  volatile Page<UserSummary> users;
  volatile UserSummary user;
  volatile UserDetails details;
  /** What {@link #resetMfa} answers: whether there was anything to remove. */
  volatile boolean hadMfa;
  volatile RuntimeException failure;

  volatile Call lastCall;
  /** The display-name prefix of the last {@link #listUsers} (kept apart so its recorded arguments stay as they were). */
  volatile String lastNamePrefix;

  FakeAdministration() {
    reset();
  }

  void reset() {
    roles = List.of(ROLE_VIEW);
    role = ROLE_VIEW;
    users = new Page<>(List.of(USER), null);
    user = USER;
    details = DETAILS;
    hadMfa = true;
    failure = null;
    lastCall = null;
  }

  /** Makes every use case throw {@code failure}. */
  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  private <T> T answer(T result, String method, Actor actor, Object... arguments) {
    lastCall = new Call(method, actor, Arrays.asList(arguments));
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public List<GlobalRoleView> listGlobalRoles(Actor actor) {
    return answer(roles, "listGlobalRoles", actor);
  }

  @Override
  public GlobalRoleView createGlobalRole(CreateGlobalRole.Command c) {
    return answer(role, "createGlobalRole", c.actor(), c.name(), c.scopes());
  }

  @Override
  public void grantRole(GrantGlobalRole.Command c) {
    answer(null, "grantRole", c.actor(), c.userId(), c.role());
  }

  @Override
  public void revokeRole(RevokeGlobalRole.Command c) {
    answer(null, "revokeRole", c.actor(), c.userId(), c.role());
  }

  @Override
  public Page<UserSummary> listUsers(ListUsers.Query q) {
    lastNamePrefix = q.namePrefix();
    return answer(users, "listUsers", q.actor(), q.emailPrefix(), q.status(), q.cursor(), q.limit());
  }

  @Override
  public UserSummary createUser(CreateUser.Command c) {
    return answer(user, "createUser", c.actor(), c.email(), c.displayName());
  }

  @Override
  public UserDetails getUser(GetUser.Query q) {
    return answer(details, "getUser", q.actor(), q.userId());
  }

  @Override
  public UserSummary disableUser(DisableUser.Command c) {
    return answer(user, "disableUser", c.actor(), c.userId());
  }

  @Override
  public UserSummary enableUser(EnableUser.Command c) {
    return answer(user, "enableUser", c.actor(), c.userId());
  }

  @Override
  public int logoutUser(LogoutUser.Command c) {
    return answer(2, "logoutUser", c.actor(), c.userId());
  }

  @Override
  public void deleteUser(DeleteUser.Command c) {
    answer(null, "deleteUser", c.actor(), c.userId());
  }

  @Override
  public UserId bootstrapAdmin(BootstrapAdmin.Command command) {
    throw new UnsupportedOperationException("not an HTTP use case");
  }

  @Override
  public boolean resetMfa(ResetUserMfa.Command c) {
    return answer(hadMfa, "resetMfa", c.actor(), c.userId());
  }
}
