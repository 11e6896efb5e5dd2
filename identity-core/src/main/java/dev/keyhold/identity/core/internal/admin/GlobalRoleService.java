package dev.keyhold.identity.core.internal.admin;

import static dev.keyhold.identity.core.internal.admin.AdminChecks.NO_SUCH_USER;

import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.GlobalAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRoleRepository;
import dev.keyhold.identity.usecase.Administration.GlobalRoleView;
import dev.keyhold.identity.usecase.CreateGlobalRole;
import dev.keyhold.identity.usecase.GrantGlobalRole;
import dev.keyhold.identity.usecase.ListGlobalRoles;
import dev.keyhold.identity.usecase.RevokeGlobalRole;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Global roles: listing and creating them, granting and revoking them. No escalation: granting, revoking or creating
 * a global role needs every scope of that role; nobody revokes their own {@code admin} role.
 */
final class GlobalRoleService implements ListGlobalRoles, CreateGlobalRole, GrantGlobalRole, RevokeGlobalRole {

  private final RoleRepository roles;
  private final UserRoleRepository userRoles;
  private final UserRepository users;
  private final AccessResolver grants;
  private final Authorizer access;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  GlobalRoleService(RoleRepository roles, UserRoleRepository userRoles, UserRepository users, AccessResolver grants,
      Authorizer access, SecretGenerator secrets, Auditor audit, EventPublisher events, Clock clock) {
    this.events = events;
    this.roles = roles;
    this.userRoles = userRoles;
    this.users = users;
    this.grants = grants;
    this.access = access;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public List<GlobalRoleView> listGlobalRoles(Actor actor) {
    access.onPlatform(actor, Scopes.ROLES_WRITE);
    return roles.listGlobal().stream().map(GlobalRoleService::view).toList();
  }

  @Override
  public GlobalRoleView createGlobalRole(CreateGlobalRole.Command command) {
    Actor actor = command.actor();
    GlobalAccess caller = access.onPlatform(actor, Scopes.ROLES_WRITE);
    String validName = Role.validName(command.name());
    Set<String> wanted = Role.validScopes(RoleKind.GLOBAL, AdminChecks.scopeSet(command.scopes()));
    AdminChecks.requireGrantable(audit, actor, caller, wanted, "role.create_refused", validName);
    Role role = new Role(new RoleId(secrets.newId()), RoleKind.GLOBAL, null, validName, wanted, false,
        clock.instant());
    roles.insert(role);
    audit.success("role.created", actor.userId(), role.id(), actor.client(),
        Map.of("name", role.name(), "scopes", String.join(" ", Scopes.sorted(role.scopes()))));
    events.publish(new IdentityEvent.RoleCreated(null, role.name(), actor.userId(), role.createdAt()));
    return view(role);
  }

  @Override
  public void grantRole(GrantGlobalRole.Command command) {
    Actor actor = command.actor();
    UserId userId = command.userId();
    GlobalAccess caller = access.onPlatform(actor, Scopes.ROLES_WRITE);
    Role granted = globalRole(command.role());
    AdminChecks.requireGrantable(audit, actor, caller, granted.scopes(), "role.grant_refused", userId);
    User user = users.findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    if (granted.id().equals(BuiltInRoles.USER.id())) {
      return; // every user holds it implicitly
    }
    boolean changed = userRoles.grant(user.id(), granted.id(), clock.instant());
    if (changed) {
      audit.success("role.granted", actor.userId(), user.id(), actor.client(), Map.of("role", granted.name()));
      events.publish(new IdentityEvent.GlobalRoleChanged(user.id(), granted.name(), true, actor.userId(),
          clock.instant()));
    }
  }

  @Override
  public void revokeRole(RevokeGlobalRole.Command command) {
    Actor actor = command.actor();
    UserId userId = command.userId();
    GlobalAccess caller = access.onPlatform(actor, Scopes.ROLES_WRITE);
    Role revoked = globalRole(command.role());
    if (revoked.id().equals(BuiltInRoles.USER.id())) {
      throw ValidationException.of("role", "implicit_role", "Every user holds the user role; it cannot be revoked.");
    }
    AdminChecks.requireGrantable(audit, actor, caller, revoked.scopes(), "role.revoke_refused", userId);
    if (userId.equals(actor.userId()) && revoked.id().equals(BuiltInRoles.ADMIN.id())) {
      audit.failure("role.revoke_refused", actor.userId(), userId, actor.client(), Map.of("reason", "own_admin"));
      throw new ForbiddenException("You cannot revoke your own admin role; ask another administrator.");
    }
    User user = users.findById(userId).orElseThrow(() -> new NotFoundException(NO_SUCH_USER));
    if (userRoles.revoke(user.id(), revoked.id())) {
      audit.success("role.revoked", actor.userId(), user.id(), actor.client(), Map.of("role", revoked.name()));
      events.publish(new IdentityEvent.GlobalRoleChanged(user.id(), revoked.name(), false, actor.userId(),
          clock.instant()));
    }
  }

  private Role globalRole(String name) {
    return grants.globalRole(name).orElseThrow(() -> new NotFoundException("No such role."));
  }

  private static GlobalRoleView view(Role role) {
    return new GlobalRoleView(role.id(), role.name(), Scopes.sorted(role.scopes()), role.builtIn());
  }
}
