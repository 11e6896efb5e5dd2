package dev.keyhold.identity.core.internal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The access decisions as pure functions: grants built in memory, no stores, no clock. */
class AccessPolicyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

  private final UserId member = new UserId(UUID.fromString("00000000-0000-4000-8000-000000000002"));
  private final UserId other = new UserId(UUID.fromString("00000000-0000-4000-8000-000000000003"));
  private final Organization acme = organization("acme");

  private static Organization organization(String slug) {
    return new Organization(new OrgId(UUID.randomUUID()), slug, slug, NOW, NOW);
  }

  private static Actor actor(UserId userId) {
    return new Actor(userId, new SessionId(UUID.randomUUID()), new ClientInfo("192.0.2.9", "ua", "req-9"));
  }

  private OrgAccess grants(UserId userId, Organization org, Role role) {
    return new OrgAccess(org, new Membership(org.id(), userId, role.id(), NOW, NOW), role);
  }

  private static GlobalAccess global(UserId userId, Role... granted) {
    return new GlobalAccess(userId, List.of(granted));
  }

  // Organization scopes

  @Test
  void a_member_holding_the_scope_is_granted_their_access() {
    OrgAccess held = grants(member, acme, BuiltInRoles.MEMBER);
    AccessPolicy.Decision<OrgAccess> decision =
        AccessPolicy.inOrganization(actor(member), acme.id(), Optional.of(held), Scopes.ORG_READ);
    assertThat(decision).isEqualTo(new AccessPolicy.Granted<>(held));
    assertThat(decision.orThrow()).isSameAs(held);
  }

  @Test
  void a_member_lacking_the_scope_is_refused_with_the_scope_and_organization() {
    Actor caller = actor(member);
    AccessPolicy.Decision<OrgAccess> decision = AccessPolicy.inOrganization(caller, acme.id(),
        Optional.of(grants(member, acme, BuiltInRoles.MEMBER)), Scopes.MEMBERS_WRITE);
    assertThat(decision).isEqualTo(new AccessPolicy.MissingScope<>(caller, acme.id(), Scopes.MEMBERS_WRITE));
    assertThatThrownBy(decision::orThrow).isInstanceOf(ForbiddenException.class)
        .hasMessage("This needs the organization scope members:write.");
  }

  @Test
  void no_membership_is_not_a_member_answered_as_an_unknown_organization() {
    AccessPolicy.Decision<OrgAccess> decision =
        AccessPolicy.inOrganization(actor(member), acme.id(), Optional.empty(), Scopes.ORG_READ);
    assertThat(decision).isEqualTo(new AccessPolicy.NotMember<>(acme.id()));
    assertThatThrownBy(decision::orThrow).isInstanceOf(NotFoundException.class).hasMessage("No such organization.");
    assertThat(AccessPolicy.inOrganization(actor(member), acme.id(), Optional.empty(), null))
        .as("membership alone is asked for").isInstanceOf(AccessPolicy.NotMember.class);
  }

  @Test
  void without_a_scope_any_role_grants_membership_even_one_with_no_scopes() {
    Role empty = new Role(new RoleId(UUID.randomUUID()), RoleKind.ORGANIZATION, acme.id(), "guest", Set.of(),
        false, NOW);
    OrgAccess held = grants(member, acme, empty);
    assertThat(AccessPolicy.inOrganization(actor(member), acme.id(), Optional.of(held), null).orThrow())
        .isSameAs(held);
    assertThat(AccessPolicy.inOrganization(actor(member), acme.id(), Optional.of(held), Scopes.ORG_READ))
        .isInstanceOf(AccessPolicy.MissingScope.class);
  }

  @Test
  void grants_of_another_user_or_organization_are_a_programming_error_not_a_grant() {
    OrgAccess othersGrants = grants(other, acme, BuiltInRoles.OWNER);
    assertThatThrownBy(() -> AccessPolicy.inOrganization(actor(member), acme.id(), Optional.of(othersGrants), null))
        .isInstanceOf(IllegalArgumentException.class);
    OrgAccess elsewhere = grants(member, organization("globex"), BuiltInRoles.OWNER);
    assertThatThrownBy(() -> AccessPolicy.inOrganization(actor(member), acme.id(), Optional.of(elsewhere), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessPolicy.onPlatform(actor(member), global(other, BuiltInRoles.ADMIN),
        Scopes.USERS_READ)).isInstanceOf(IllegalArgumentException.class);
  }

  // Platform scopes

  @Test
  void a_platform_scope_is_granted_by_any_global_role_holding_it() {
    GlobalAccess plain = global(member, BuiltInRoles.USER);
    GlobalAccess admin = global(member, BuiltInRoles.USER, BuiltInRoles.ADMIN);
    assertThat(AccessPolicy.onPlatform(actor(member), admin, Scopes.USERS_READ).orThrow()).isSameAs(admin);

    Actor caller = actor(member);
    AccessPolicy.Decision<GlobalAccess> refused = AccessPolicy.onPlatform(caller, plain, Scopes.USERS_READ);
    assertThat(refused).isEqualTo(new AccessPolicy.MissingScope<>(caller, null, Scopes.USERS_READ));
    assertThatThrownBy(refused::orThrow).isInstanceOf(ForbiddenException.class)
        .hasMessage("This needs the platform scope users:read.");
  }

  @Test
  void organization_scopes_held_in_an_organization_grant_nothing_on_the_platform_and_back() {
    GlobalAccess admin = global(member, BuiltInRoles.USER, BuiltInRoles.ADMIN);
    assertThat(AccessPolicy.onPlatform(actor(member), admin, Scopes.ORG_READ))
        .isInstanceOf(AccessPolicy.MissingScope.class);
    OrgAccess owner = grants(member, acme, BuiltInRoles.OWNER);
    assertThat(AccessPolicy.inOrganization(actor(member), acme.id(), Optional.of(owner), Scopes.USERS_READ))
        .isInstanceOf(AccessPolicy.MissingScope.class);
  }

  // No escalation

  @Test
  void a_scope_set_is_grantable_only_with_every_scope_held() {
    Set<String> held = Set.of(Scopes.MEMBERS_READ, Scopes.MEMBERS_WRITE);
    assertThat(Grants.missing(held, List.of(Scopes.MEMBERS_READ))).isEmpty();
    assertThat(Grants.missing(held, List.of(Scopes.ROLES_WRITE, Scopes.MEMBERS_READ, Scopes.ORG_DELETE)))
        .containsExactly(Scopes.ORG_DELETE, Scopes.ROLES_WRITE);
    assertThatCode(() -> Grants.requireGrantable(held, List.of())).doesNotThrowAnyException();
    assertThatThrownBy(() -> Grants.requireGrantable(held, List.of(Scopes.ROLES_WRITE)))
        .isInstanceOf(ForbiddenException.class).hasMessageContaining("roles:write");
  }

  @Test
  void org_access_holds_the_scopes_of_the_members_role_only() {
    Organization org = acme;
    Instant now = NOW;
    OrgAccess access = new OrgAccess(org, new Membership(org.id(), member, BuiltInRoles.MEMBER.id(), now, now),
        BuiltInRoles.MEMBER);

    assertThat(access.has(Scopes.ORG_READ)).isTrue();
    assertThat(access.isOwner()).isFalse();
    assertThat(access.sortedScopes()).containsExactly("members:read", "org:read", "roles:read");
    assertThat(access.has(Scopes.MEMBERS_WRITE)).isFalse();
    assertThatThrownBy(() -> access.requireGrantable(BuiltInRoles.ORG_ADMIN.scopes()))
        .isInstanceOf(ForbiddenException.class);
    assertThatCode(() -> access.requireGrantable(BuiltInRoles.MEMBER.scopes())).doesNotThrowAnyException();
  }

  @Test
  void an_org_admin_holds_everything_but_org_delete_so_cannot_grant_the_owner_role() {
    Organization org = acme;
    Instant now = NOW;
    OrgAccess admin = new OrgAccess(org, new Membership(org.id(), member, BuiltInRoles.ORG_ADMIN.id(), now, now),
        BuiltInRoles.ORG_ADMIN);
    assertThat(Grants.missing(admin.scopes(), BuiltInRoles.OWNER.scopes())).containsExactly(Scopes.ORG_DELETE);
    assertThatCode(() -> admin.requireGrantable(BuiltInRoles.ORG_ADMIN.scopes())).doesNotThrowAnyException();
  }
}
