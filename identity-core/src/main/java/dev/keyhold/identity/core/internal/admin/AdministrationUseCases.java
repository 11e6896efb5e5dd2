package dev.keyhold.identity.core.internal.admin;

import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.account.AccountRemoval;
import dev.keyhold.identity.core.internal.account.PasswordSetupLinks;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.extension.Hooks;
import dev.keyhold.identity.core.internal.mfa.MfaRemoval;
import dev.keyhold.identity.core.password.PasswordPolicy;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.spi.SecretGenerator;
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
import java.time.Clock;
import java.util.List;

/**
 * The administration use cases gathered as {@link Administration}, each handled by a small service of this package:
 * {@link GlobalRoleService}, {@link UserAdministration}, {@link UserInspection}, {@link UserCreation}, {@link MfaReset} and {@link AdminBootstrap}. Authorized by the caller's
 * current global roles in the stores ({@link Authorizer}); every change is audited.
 */
public final class AdministrationUseCases implements Administration {

  private final GlobalRoleService roles;
  private final UserAdministration users;
  private final UserInspection inspection;
  private final UserCreation creation;
  private final MfaReset mfaReset;
  private final AdminBootstrap bootstrap;

  private AdministrationUseCases(GlobalRoleService roles, UserAdministration users, UserInspection inspection,
      UserCreation creation, MfaReset mfaReset, AdminBootstrap bootstrap) {
    this.creation = creation;
    this.roles = roles;
    this.users = users;
    this.inspection = inspection;
    this.mfaReset = mfaReset;
    this.bootstrap = bootstrap;
  }

  /** Wires the services over the stores. */
  public static Administration create(IdentityStores stores, AccessResolver grants, Authorizer access,
      PasswordHasher hasher, PasswordPolicy passwordPolicy, MfaRemoval mfaRemoval, PasswordSetupLinks passwordLinks,
      AccountRemoval removal, Hooks hooks, SecretGenerator secrets, Auditor audit, EventPublisher events,
      Clock clock) {
    UserAdministration users = new UserAdministration(stores.users(), stores.roles(), stores.userRoles(),
        stores.refreshTokens(), grants, access, removal, audit, events, clock);
    return new AdministrationUseCases(
        new GlobalRoleService(stores.roles(), stores.userRoles(), stores.users(), grants, access, secrets, audit,
            events, clock),
        users,
        new UserInspection(stores.users(), stores.memberships(), stores.organizations(), stores.roles(),
            stores.refreshTokens(), stores.totpCredentials(), users::summary, access, clock),
        new UserCreation(stores.users(), passwordLinks, users::summary, access, secrets, audit, events, clock),
        new MfaReset(stores.users(), mfaRemoval, grants, access, audit, events, clock),
        new AdminBootstrap(stores.users(), stores.userRoles(), hasher, passwordPolicy, hooks, secrets, audit, events,
            clock));
  }

  @Override
  public List<GlobalRoleView> listGlobalRoles(Actor actor) {
    return roles.listGlobalRoles(actor);
  }

  @Override
  public GlobalRoleView createGlobalRole(CreateGlobalRole.Command command) {
    return roles.createGlobalRole(command);
  }

  @Override
  public void grantRole(GrantGlobalRole.Command command) {
    roles.grantRole(command);
  }

  @Override
  public void revokeRole(RevokeGlobalRole.Command command) {
    roles.revokeRole(command);
  }

  @Override
  public Page<UserSummary> listUsers(ListUsers.Query query) {
    return users.listUsers(query);
  }

  @Override
  public UserDetails getUser(GetUser.Query query) {
    return inspection.getUser(query);
  }

  @Override
  public UserSummary createUser(CreateUser.Command command) {
    return creation.createUser(command);
  }

  @Override
  public UserSummary disableUser(DisableUser.Command command) {
    return users.disableUser(command);
  }

  @Override
  public UserSummary enableUser(EnableUser.Command command) {
    return users.enableUser(command);
  }

  @Override
  public void deleteUser(DeleteUser.Command command) {
    users.deleteUser(command);
  }

  @Override
  public int logoutUser(LogoutUser.Command command) {
    return users.logoutUser(command);
  }

  @Override
  public UserId bootstrapAdmin(BootstrapAdmin.Command command) {
    return bootstrap.bootstrapAdmin(command);
  }

  @Override
  public boolean resetMfa(ResetUserMfa.Command command) {
    return mfaReset.resetMfa(command);
  }
}
