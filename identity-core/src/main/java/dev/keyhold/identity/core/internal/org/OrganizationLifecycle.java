package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.internal.access.AccessPolicy;
import dev.keyhold.identity.core.internal.access.AccessResolver;
import dev.keyhold.identity.core.internal.access.Authorizer;
import dev.keyhold.identity.core.internal.access.OrgAccess;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.internal.event.EventPublisher;
import dev.keyhold.identity.core.internal.token.SessionIssuer;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.SecretGenerator;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.DeleteOrganization;
import dev.keyhold.identity.usecase.GetOrganization;
import dev.keyhold.identity.usecase.ListMyOrganizations;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import dev.keyhold.identity.usecase.UpdateOrganization;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creating, reading, renaming and deleting organizations. */
final class OrganizationLifecycle
    implements CreateOrganization, ListMyOrganizations, GetOrganization, UpdateOrganization, DeleteOrganization {

  /** How many derived slugs a create without one tries before answering {@code slug_taken}. */
  static final int SLUG_ATTEMPTS = 100;

  private final OrganizationRepository organizations;
  private final MembershipRepository memberships;
  private final AccessResolver grants;
  private final Authorizer access;
  private final SecretGenerator secrets;
  private final Auditor audit;
  private final EventPublisher events;
  private final SessionIssuer sessions;
  private final Clock clock;

  OrganizationLifecycle(OrganizationRepository organizations, MembershipRepository memberships,
      AccessResolver grants, Authorizer access, SessionIssuer sessions, SecretGenerator secrets, Auditor audit,
      EventPublisher events, Clock clock) {
    this.events = events;
    this.organizations = organizations;
    this.memberships = memberships;
    this.grants = grants;
    this.access = access;
    this.sessions = sessions;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public OrganizationView create(CreateOrganization.Command command) {
    Actor actor = command.actor();
    String validName = Organization.validName(command.name());
    Instant now = clock.instant();
    OrgId id = new OrgId(secrets.newId());
    Membership owner = new Membership(id, actor.userId(), BuiltInRoles.OWNER.id(), now, now);
    Organization organization;
    if (command.slug() == null) {
      organization = createWithDerivedSlug(id, validName, owner, now);
    } else {
      organization = new Organization(id, validName, Organization.validSlug(command.slug()), now, now);
      organizations.create(organization, owner);
    }
    audit.success("org.created", actor.userId(), organization.id(), organization.id(), actor.client(),
        Map.of("slug", organization.slug()));
    events.publish(new IdentityEvent.OrganizationCreated(organization.id(), actor.userId(), organization.slug(),
        organization.createdAt()));
    return OrgViews.view(organization, BuiltInRoles.OWNER);
  }

  /**
   * Stores the organization under the first free candidate of {@link SlugPolicy}: a candidate another organization
   * holds is skipped after a look-up, and one taken between the look-up and the insert (a concurrent create) is
   * simply the next try. After {@value #SLUG_ATTEMPTS} candidates the last {@code slug_taken} is the answer.
   */
  private Organization createWithDerivedSlug(OrgId id, String name, Membership owner, Instant now) {
    String base = SlugPolicy.base(name);
    ConflictException lastConflict = null;
    for (int n = 1; n <= SLUG_ATTEMPTS; n++) {
      String slug = SlugPolicy.candidate(base, n);
      if (organizations.findBySlug(slug).isPresent()) {
        continue;
      }
      Organization organization = new Organization(id, name, slug, now, now);
      try {
        organizations.create(organization, owner);
        return organization;
      } catch (ConflictException e) {
        if (e.errorCode() != ErrorCode.SLUG_TAKEN) {
          throw e;
        }
        lastConflict = e;
      }
    }
    throw lastConflict != null ? lastConflict
        : new ConflictException(ErrorCode.SLUG_TAKEN, "Every slug derived from this name is taken; choose one.");
  }

  @Override
  public List<OrganizationView> listMine(Actor actor) {
    List<OrganizationView> views = new ArrayList<>();
    for (Membership membership : memberships.listByUser(actor.userId())) {
      grants.inOrganization(actor.userId(), membership.orgId())
          .ifPresent(found -> views.add(OrgViews.view(found)));
    }
    return views;
  }

  @Override
  public OrganizationView get(Actor actor, OrgId orgId) {
    return OrgViews.view(access.inOrganization(actor, orgId, Scopes.ORG_READ));
  }

  @Override
  public OrganizationView update(UpdateOrganization.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    OrgAccess caller = access.inOrganization(actor, orgId, Scopes.ORG_WRITE);
    Organization current = caller.organization();
    String newName = command.name() == null ? current.name() : Organization.validName(command.name());
    String newSlug = command.slug() == null ? current.slug() : Organization.validSlug(command.slug());
    boolean requireMfa = command.requireMfa() == null ? current.requireMfa() : command.requireMfa();
    if (newName.equals(current.name()) && newSlug.equals(current.slug()) && requireMfa == current.requireMfa()) {
      return OrgViews.view(caller);
    }
    if (requireMfa != current.requireMfa()) {
      checkRequirementChange(actor, caller, requireMfa);
    }
    Organization updated = current.renamed(newName, newSlug, clock.instant()).withRequireMfa(requireMfa,
        clock.instant());
    if (!organizations.update(updated)) {
      throw new NotFoundException(AccessPolicy.NO_SUCH_ORGANIZATION);
    }
    Map<String, String> details = new LinkedHashMap<>();
    if (!newName.equals(current.name())) {
      details.put("name", newName);
    }
    if (!newSlug.equals(current.slug())) {
      details.put("slug", newSlug);
      details.put("previous_slug", current.slug());
    }
    if (requireMfa != current.requireMfa()) {
      details.put("require_mfa", Boolean.toString(requireMfa));
    }
    audit.success("org.updated", actor.userId(), orgId, orgId, actor.client(), details);
    events.publish(new IdentityEvent.OrganizationUpdated(orgId, actor.userId(), clock.instant()));
    return OrgViews.view(updated, caller.role());
  }

  /**
   * Only the owner decides whether members need a second factor; turning it on also needs the owner's own session to
   * have passed one, so that an owner cannot lock the organization's tokens away from themself.
   */
  private void checkRequirementChange(Actor actor, OrgAccess caller, boolean requireMfa) {
    if (!caller.role().id().equals(BuiltInRoles.OWNER.id())) {
      audit.accessDenied(actor, caller.organization().id(), "owner");
      throw new ForbiddenException("Only the organization's owner may change its two-factor requirement.");
    }
    if (requireMfa) {
      sessions.requireSecondFactor(actor.userId(), actor.sessionId(),
          "Sign in with your authenticator app before requiring two-factor sign-in of your organization.");
    }
  }

  @Override
  public void delete(DeleteOrganization.Command command) {
    Actor actor = command.actor();
    OrgId orgId = command.orgId();
    OrgAccess caller = access.inOrganization(actor, orgId, Scopes.ORG_DELETE);
    if (!organizations.delete(orgId)) {
      throw new NotFoundException(AccessPolicy.NO_SUCH_ORGANIZATION);
    }
    audit.success("org.deleted", actor.userId(), orgId, orgId, actor.client(),
        Map.of("slug", caller.organization().slug()));
    events.publish(new IdentityEvent.OrganizationDeleted(orgId, actor.userId(), clock.instant()));
  }
}
