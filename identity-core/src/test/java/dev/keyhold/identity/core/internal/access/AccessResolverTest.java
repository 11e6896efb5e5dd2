package dev.keyhold.identity.core.internal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessResolverTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
  private final MemoryStores stores = MemoryStores.create();
  private final AccessResolver grants =
      new AccessResolver(stores.organizations(), stores.memberships(), stores.roles(), stores.userRoles());
  private final Authorizer access = new Authorizer(grants, new Auditor(stores.auditLog(), clock)::accessDenied);

  private final UserId owner = new UserId(UUID.fromString("00000000-0000-4000-8000-000000000001"));
  private final UserId member = new UserId(UUID.fromString("00000000-0000-4000-8000-000000000002"));
  private final UserId outsider = new UserId(UUID.fromString("00000000-0000-4000-8000-000000000003"));

  private Organization organization(String slug) {
    Instant now = clock.instant();
    Organization org = new Organization(new OrgId(UUID.randomUUID()), slug, slug, now, now);
    stores.organizations().create(org, new Membership(org.id(), owner, BuiltInRoles.OWNER.id(), now, now));
    return org;
  }

  private static Actor actor(UserId userId) {
    return new Actor(userId, new SessionId(UUID.randomUUID()), new ClientInfo("192.0.2.9", "ua", "req-9"));
  }

  private Role customRole(OrgId orgId, String name, Set<String> scopes) {
    RoleKind kind = orgId == null ? RoleKind.GLOBAL : RoleKind.ORGANIZATION;
    Role role = new Role(new RoleId(UUID.randomUUID()), kind, orgId, name, scopes, false, clock.instant());
    stores.roles().insert(role);
    return role;
  }

  // Resolution from the stores

  @Test
  void only_built_in_roles_and_the_organizations_own_roles_are_usable_in_it() {
    Organization acme = organization("acme");
    Organization globex = organization("globex");
    Role acmeRole = customRole(acme.id(), "auditor", Set.of(Scopes.AUDIT_READ));

    assertThat(OrgAccess.usableIn(BuiltInRoles.MEMBER, globex)).isTrue();
    assertThat(OrgAccess.usableIn(acmeRole, acme)).isTrue();
    assertThat(OrgAccess.usableIn(acmeRole, globex)).isFalse();
    assertThat(OrgAccess.usableIn(BuiltInRoles.ADMIN, acme)).as("a global role").isFalse();
    assertThat(grants.organizationRole(globex, "auditor")).isEmpty();
    assertThat(grants.organizationRole(acme, "auditor")).contains(acmeRole);
    assertThat(grants.organizationRole(acme, "admin")).contains(BuiltInRoles.ORG_ADMIN);
  }


  @Test
  void every_user_holds_the_implicit_user_role_which_has_no_scopes() {
    GlobalAccess access = grants.global(member);
    assertThat(access.holds(BuiltInRoles.USER.id())).isTrue();
    assertThat(access.isAdmin()).isFalse();
    assertThat(access.scopes()).isEmpty();
  }

  @Test
  void global_scopes_are_the_union_of_granted_roles_sorted() {
    Role support = customRole(null, "support", Set.of(Scopes.USERS_READ));
    stores.userRoles().grant(member, support.id(), clock.instant());
    assertThat(grants.globalScopes(member)).containsExactly("users:read");

    stores.userRoles().grant(member, BuiltInRoles.ADMIN.id(), clock.instant());
    assertThat(grants.globalScopes(member))
        .containsExactly("audit:read", "roles:write", "users:read", "users:write");
    assertThat(grants.global(member).isAdmin()).isTrue();

    stores.userRoles().revoke(member, BuiltInRoles.ADMIN.id());
    assertThat(grants.globalScopes(member)).as("read from the stores each time").containsExactly("users:read");
  }

  @Test
  void a_membership_whose_role_is_gone_or_foreign_resolves_to_no_access() {
    Organization acme = organization("acme");
    Organization globex = organization("globex");
    Role globexRole = customRole(globex.id(), "auditor", Set.of(Scopes.AUDIT_READ));
    Instant now = clock.instant();
    stores.memberships().add(new Membership(acme.id(), member, globexRole.id(), now, now));
    assertThat(grants.inOrganization(member, acme.id())).as("another organization's role").isEmpty();
    assertThat(grants.inOrganization(outsider, acme.id())).isEmpty();
    assertThat(grants.inOrganization(owner, new OrgId(UUID.randomUUID()))).isEmpty();
    assertThat(grants.inOrganization(owner, acme.id())).get().satisfies(a -> assertThat(a.isOwner()).isTrue());
  }

  // Enforcement: resolution, decision, refusals reported

  @Test
  void non_members_and_unknown_organizations_get_the_same_not_found() {
    Organization org = organization("acme");
    OrgId unknown = new OrgId(UUID.randomUUID());

    for (Runnable call : List.<Runnable>of(
        () -> access.member(actor(outsider), org.id()),
        () -> access.member(actor(owner), unknown),
        () -> access.inOrganization(actor(outsider), org.id(), Scopes.ORG_READ))) {
      assertThatThrownBy(call::run).isInstanceOf(NotFoundException.class).hasMessage("No such organization.");
    }
  }

  @Test
  void a_members_access_follows_the_stored_membership_at_once() {
    Organization org = organization("acme");
    Instant now = clock.instant();
    stores.memberships().add(new Membership(org.id(), member, BuiltInRoles.MEMBER.id(), now, now));
    assertThat(access.inOrganization(actor(member), org.id(), Scopes.ORG_READ).role()).isEqualTo(BuiltInRoles.MEMBER);
    assertThatThrownBy(() -> access.inOrganization(actor(member), org.id(), Scopes.MEMBERS_WRITE))
        .isInstanceOf(ForbiddenException.class);

    clock.advance(Duration.ofMinutes(1));
    stores.memberships().changeRole(org.id(), member, BuiltInRoles.ORG_ADMIN.id(), BuiltInRoles.OWNER.id(),
        clock.instant());
    assertThat(access.inOrganization(actor(member), org.id(), Scopes.MEMBERS_WRITE).role())
        .isEqualTo(BuiltInRoles.ORG_ADMIN);

    stores.memberships().remove(org.id(), member, BuiltInRoles.OWNER.id());
    assertThatThrownBy(() -> access.member(actor(member), org.id())).isInstanceOf(NotFoundException.class);
    assertThat(grants.inOrganization(owner, org.id())).get().satisfies(a -> assertThat(a.isOwner()).isTrue());
  }

  @Test
  void a_member_refused_for_want_of_a_scope_is_audited_with_the_scope_and_organization() {
    Organization org = organization("acme");
    Instant now = clock.instant();
    stores.memberships().add(new Membership(org.id(), member, BuiltInRoles.MEMBER.id(), now, now));

    assertThatThrownBy(() -> access.inOrganization(actor(member), org.id(), Scopes.AUDIT_READ))
        .isInstanceOf(ForbiddenException.class);

    assertThat(stores.auditEvents()).singleElement().satisfies(event -> {
      assertThat(event.action()).isEqualTo("access.denied");
      assertThat(event.outcome()).isEqualTo("failure");
      assertThat(event.actorId()).isEqualTo(member.toString());
      assertThat(event.orgId()).isEqualTo(org.id().toString());
      assertThat(event.details()).containsExactly(Map.entry("scope", Scopes.AUDIT_READ));
      assertThat(event.client().requestId()).isEqualTo("req-9");
    });
  }

  @Test
  void a_platform_refusal_is_audited_and_a_grant_or_a_non_members_not_found_is_not() {
    Organization org = organization("acme");

    assertThatThrownBy(() -> access.onPlatform(actor(member), Scopes.USERS_READ))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> access.inOrganization(actor(outsider), org.id(), Scopes.ORG_READ))
        .isInstanceOf(NotFoundException.class);
    assertThat(access.inOrganization(actor(owner), org.id(), Scopes.ORG_DELETE).isOwner()).isTrue();

    assertThat(stores.auditEvents()).singleElement().satisfies(event -> {
      assertThat(event.action()).isEqualTo("access.denied");
      assertThat(event.orgId()).isNull();
      assertThat(event.details()).containsExactly(Map.entry("scope", Scopes.USERS_READ));
    });
  }
}
