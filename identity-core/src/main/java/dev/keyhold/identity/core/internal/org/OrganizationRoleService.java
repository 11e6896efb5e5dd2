package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.OrgAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.usecase.CreateOrganizationRole;
import dev.keyhold.identity.usecase.ListOrganizationRoles;
import dev.keyhold.identity.usecase.Organizations.RoleView;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The roles an organization can use: the built-in organization roles and its own custom roles. */
final class OrganizationRoleService implements ListOrganizationRoles, CreateOrganizationRole {

  private final RoleRepository roles;
  private final Authorizer access;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final Clock clock;

  OrganizationRoleService(RoleRepository roles, Authorizer access, SecretGenerator secrets, Auditor audit,
      EventPublisher events, Clock clock) {
    this.events = events;
    this.roles = roles;
    this.access = access;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public List<RoleView> listRoles(Actor actor, OrgId orgId) {
    OrgAccess caller = access.inOrganization(actor, orgId, Scopes.ROLES_READ);
    return roles.listForOrganization(orgId).stream()
        .filter(role -> OrgAccess.usableIn(role, caller.organization()))
        .map(OrgViews::view)
        .toList();
  }

  @Override
  public RoleView createRole(CreateOrganizationRole.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    OrgAccess caller = access.inOrganization(actor, orgId, Scopes.ROLES_WRITE);
    String validName = Role.validName(command.name());
    Set<String> wanted = Role.validScopes(RoleKind.ORGANIZATION, scopeSet(command.scopes()));
    OrgChecks.requireGrantable(audit, actor, caller, wanted, "role.create_refused", validName);
    Role role = new Role(new RoleId(secrets.newId()), RoleKind.ORGANIZATION, orgId, validName, wanted, false,
        clock.instant());
    roles.insert(role);
    audit.success("role.created", actor.userId(), role.id(), orgId, actor.client(),
        Map.of("name", role.name(), "scopes", String.join(" ", Scopes.sorted(role.scopes()))));
    events.publish(new IdentityEvent.RoleCreated(orgId, role.name(), actor.userId(), role.createdAt()));
    return OrgViews.view(role);
  }

  /**
   * A list of scope names as a set; {@code null} or null entries are a validation failure of field {@code scopes}.
   * Unknown names are left for {@link Role#validScopes} to report.
   */
  static Set<String> scopeSet(Collection<String> scopes) {
    if (scopes == null || scopes.stream().anyMatch(scope -> scope == null)) {
      throw ValidationException.of("scopes", "unknown_scope", "Give the role's scopes as a list of scope names.");
    }
    return Set.copyOf(scopes);
  }
}
