package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.code;
import static dev.keyhold.identity.core.TestKeyhold.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.ChangeMemberRole;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.CreateOrganizationRole;
import dev.keyhold.identity.usecase.DeleteOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.IssueOrganizationToken;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.Organizations.MemberView;
import dev.keyhold.identity.usecase.Organizations.OrganizationView;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.RemoveMember;
import dev.keyhold.identity.usecase.RevokeInvitation;
import dev.keyhold.identity.usecase.TransferOwnership;
import dev.keyhold.identity.usecase.UpdateOrganization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();
  private final Organizations orgs = t.keyhold.organizations();

  private Actor owner;
  private OrgId acme;

  @BeforeEach
  void createOrganization() {
    owner = t.signUp("owner@example.com");
    acme = orgs.create(new CreateOrganization.Command(owner, "Acme Inc.", "acme")).id();
  }

  /** Signs up a user and makes them a member of acme with the role, directly in the stores. */
  private Actor memberWithRole(String email, String role) {
    Actor actor = t.signUp(email);
    UserId id = actor.userId();
    var roleId = t.stores.roles().listForOrganization(acme).stream().filter(r -> r.name().equals(role))
        .findFirst().orElseThrow().id();
    t.stores.memberships().add(new Membership(acme, id, roleId, t.clock.instant(), t.clock.instant()));
    return actor;
  }

  private String roleOf(Actor actor) {
    return orgs.listMembers(owner, acme).stream().filter(m -> m.userId().equals(actor.userId()))
        .map(MemberView::role).findFirst().orElse("none");
  }

  // Creating and reading

  @Test
  void an_organization_without_a_slug_gets_one_from_its_name_suffixed_while_taken() {
    OrganizationView first = orgs.create(new CreateOrganization.Command(owner, "Ærø Café & Bar", null));
    OrganizationView second = orgs.create(new CreateOrganization.Command(owner, "  ærø café bar ", null));
    OrganizationView third = orgs.create(new CreateOrganization.Command(owner, "Ærø-Café-Bar", null));
    OrganizationView named = orgs.create(new CreateOrganization.Command(owner, "Acme Inc.", null));

    assertThat(first.slug()).isEqualTo("aero-cafe-bar");
    assertThat(List.of(first.slug(), second.slug(), third.slug()))
        .containsExactly(first.slug(), first.slug() + "-2", first.slug() + "-3");
    assertThat(named.slug()).as("acme is taken by the set-up").isEqualTo("acme-inc");
    assertThat(orgs.create(new CreateOrganization.Command(owner, "日本", null)).slug()).isEqualTo("org");
    assertThat(orgs.create(new CreateOrganization.Command(owner, "X", null)).slug()).isEqualTo("org-x");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("org.created"))
        .extracting(e -> e.details().get("slug")).contains(first.slug() + "-2");
  }

  @Test
  void concurrent_creates_of_one_name_without_a_slug_each_end_with_their_own_organization() {
    List<dev.keyhold.identity.testkit.Concurrently.Outcome<OrganizationView>> outcomes =
        dev.keyhold.identity.testkit.Concurrently.call(8,
            i -> orgs.create(new CreateOrganization.Command(owner, "Race Team", null)));

    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
    assertThat(outcomes).extracting(outcome -> outcome.value().slug())
        .containsExactlyInAnyOrder("race-team", "race-team-2", "race-team-3", "race-team-4", "race-team-5",
            "race-team-6", "race-team-7", "race-team-8");
  }

  @Test
  void derived_slugs_fit_the_limits_and_the_pattern() {
    String longName = "A".repeat(70) + " b";
    String base = dev.keyhold.identity.core.internal.org.SlugPolicy.base(longName);
    assertThat(base).hasSize(63).matches(dev.keyhold.identity.model.org.Organization.SLUG_PATTERN);
    assertThat(dev.keyhold.identity.core.internal.org.SlugPolicy.candidate(base, 12)).hasSize(63).endsWith("a-12")
        .matches(dev.keyhold.identity.model.org.Organization.SLUG_PATTERN);
    String hyphenAtCut = "c".repeat(58) + " d-e f";
    assertThat(dev.keyhold.identity.core.internal.org.SlugPolicy.candidate(
        dev.keyhold.identity.core.internal.org.SlugPolicy.base(hyphenAtCut), 100))
        .matches(dev.keyhold.identity.model.org.Organization.SLUG_PATTERN).endsWith("-100");
    assertThat(dev.keyhold.identity.core.internal.org.SlugPolicy.base("--Hello,   World!--")).isEqualTo("hello-world");
    assertThat(dev.keyhold.identity.core.internal.org.SlugPolicy.base("Straße №1")).isEqualTo("strasse-no1");
  }


  @Test
  void creating_an_organization_makes_the_caller_its_owner() {
    OrganizationView view = orgs.get(owner, acme);
    assertThat(view.name()).isEqualTo("Acme Inc.");
    assertThat(view.slug()).isEqualTo("acme");
    assertThat(view.role()).isEqualTo("owner");
    assertThat(view.createdAt()).isEqualTo(t.clock.instant());
    assertThat(orgs.listMine(owner)).extracting(OrganizationView::id).containsExactly(acme);
    assertThat(orgs.listMembers(owner, acme)).singleElement().satisfies(m -> {
      assertThat(m.email()).isEqualTo("owner@example.com");
      assertThat(m.role()).isEqualTo("owner");
      assertThat(m.roleId()).isEqualTo(BuiltInRoles.OWNER.id());
    });
  }

  @Test
  void a_taken_slug_or_a_bad_name_is_refused() {
    Actor other = t.signUp("other@example.com");
    assertThat(code(() -> orgs.create(new CreateOrganization.Command(other, "Another Acme", "acme"))))
        .isEqualTo("slug_taken");
    assertThat(violation(() -> orgs.create(new CreateOrganization.Command(other, "Bad", "-bad-"))))
        .isEqualTo("invalid_slug");
    assertThat(violation(() -> orgs.create(new CreateOrganization.Command(other, " ", "blank-name"))))
        .isEqualTo("invalid_name");
    assertThat(orgs.listMine(other)).isEmpty();
  }

  @Test
  void list_mine_shows_only_the_callers_organizations_oldest_membership_first() {
    t.clock.advance(Duration.ofMinutes(1));
    OrgId second = orgs.create(new CreateOrganization.Command(owner, "Second", "second")).id();
    Actor other = t.signUp("other@example.com");
    orgs.create(new CreateOrganization.Command(other, "Globex", "globex"));
    assertThat(orgs.listMine(owner)).extracting(OrganizationView::id).containsExactly(acme, second);
  }

  @Test
  void updating_renames_and_keeps_null_fields() {
    t.clock.advance(Duration.ofMinutes(1));
    OrganizationView renamed = orgs.update(new UpdateOrganization.Command(owner, acme, "Acme Corporation", null));
    assertThat(renamed.name()).isEqualTo("Acme Corporation");
    assertThat(renamed.slug()).isEqualTo("acme");
    assertThat(orgs.update(new UpdateOrganization.Command(owner, acme, null, "acme-corp")).slug())
        .isEqualTo("acme-corp");
    assertThat(orgs.get(owner, acme).name()).isEqualTo("Acme Corporation");

    orgs.create(new CreateOrganization.Command(t.signUp("other@example.com"), "Globex", "globex"));
    assertThat(code(() -> orgs.update(new UpdateOrganization.Command(owner, acme, null, "globex"))))
        .isEqualTo("slug_taken");
  }

  @Test
  void deleting_removes_the_organization_for_everyone() {
    Actor member = memberWithRole("member@example.com", "member");
    orgs.delete(new DeleteOrganization.Command(owner, acme));
    assertThat(code(() -> orgs.get(owner, acme))).isEqualTo("not_found");
    assertThat(code(() -> orgs.get(member, acme))).isEqualTo("not_found");
    assertThat(orgs.listMine(owner)).isEmpty();
  }

  // Tenant isolation and scopes

  @Test
  void a_non_member_gets_not_found_for_every_organization_operation_as_for_an_unknown_id() {
    Actor outsider = t.signUp("outsider@example.com");
    Actor member = memberWithRole("member@example.com", "member");
    OrgId unknown = new OrgId(UUID.fromString("00000000-0000-4000-8000-0000000000ff"));
    InvitationId invitation = orgs.invite(new InviteMember.Command(owner, acme, "invitee@example.com", "member", null))
        .id();

    for (OrgId org : List.of(acme, unknown)) {
      for (Consumer<OrgId> call : everyOrganizationCall(outsider, member.userId(), invitation)) {
        assertThatThrownBy(() -> call.accept(org))
            .isInstanceOf(NotFoundException.class).hasMessage("No such organization.");
      }
    }
    assertThat(orgs.get(owner, acme).name()).isEqualTo("Acme Inc.");
    assertThat(orgs.listMembers(owner, acme)).hasSize(2);
    assertThat(orgs.listInvitations(owner, acme)).hasSize(1);
  }

  private List<Consumer<OrgId>> everyOrganizationCall(Actor caller, UserId someMember, InvitationId invitation) {
    return List.of(
        org -> orgs.get(caller, org),
        org -> orgs.update(new UpdateOrganization.Command(caller, org, "Mine now", "mine-now")),
        org -> orgs.delete(new DeleteOrganization.Command(caller, org)),
        org -> orgs.invite(new InviteMember.Command(caller, org, "x@example.com", "member", null)),
        org -> orgs.listInvitations(caller, org),
        org -> orgs.revokeInvitation(new RevokeInvitation.Command(caller, org, invitation)),
        org -> orgs.listMembers(caller, org),
        org -> orgs.changeRole(new ChangeMemberRole.Command(caller, org, someMember, "admin")),
        org -> orgs.removeMember(new RemoveMember.Command(caller, org, someMember)),
        org -> orgs.removeMember(new RemoveMember.Command(caller, org, caller.userId())),
        org -> orgs.transferOwnership(new TransferOwnership.Command(caller, org, caller.userId())),
        org -> orgs.listRoles(caller, org),
        org -> orgs.createRole(new CreateOrganizationRole.Command(caller, org, "mine", List.of())),
        org -> orgs.issueToken(new IssueOrganizationToken.Command(caller, org)));
  }

  @Test
  void a_member_lacking_the_scope_is_forbidden_and_nothing_changes() {
    Actor member = memberWithRole("member@example.com", "member");
    Actor other = memberWithRole("other@example.com", "member");

    assertThat(orgs.get(member, acme).role()).isEqualTo("member");
    assertThat(orgs.listMembers(member, acme)).hasSize(3);
    assertThat(orgs.listRoles(member, acme)).extracting(Organizations.RoleView::name)
        .containsExactly("admin", "member", "owner");
    assertThat(code(() -> orgs.update(new UpdateOrganization.Command(member, acme, "Taken over", null))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.delete(new DeleteOrganization.Command(member, acme)))).isEqualTo("forbidden");
    assertThat(code(() -> orgs.invite(new InviteMember.Command(member, acme, "x@example.com", "member", null))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.listInvitations(member, acme))).isEqualTo("forbidden");
    assertThat(code(() -> orgs.changeRole(new ChangeMemberRole.Command(member, acme, other.userId(), "member"))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.removeMember(new RemoveMember.Command(member, acme, other.userId()))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.createRole(new CreateOrganizationRole.Command(member, acme, "mine", List.of()))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.transferOwnership(new TransferOwnership.Command(member, acme, member.userId()))))
        .isEqualTo("forbidden");

    assertThat(orgs.get(owner, acme).name()).isEqualTo("Acme Inc.");
    assertThat(orgs.listMembers(owner, acme)).hasSize(3);
    assertThat(orgs.listInvitations(owner, acme)).isEmpty();
    assertThat(orgs.listRoles(owner, acme)).hasSize(3);
    assertThat(roleOf(other)).isEqualTo("member");
  }

  // No escalation

  @Test
  void an_org_admin_cannot_invite_as_owner_promote_to_owner_or_touch_the_owner() {
    Actor admin = memberWithRole("admin@example.com", "admin");
    Actor member = memberWithRole("member@example.com", "member");

    assertThat(code(() -> orgs.invite(new InviteMember.Command(admin, acme, "x@example.com", "owner", null))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.changeRole(new ChangeMemberRole.Command(admin, acme, member.userId(), "owner"))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.changeRole(new ChangeMemberRole.Command(admin, acme, owner.userId(), "member"))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.removeMember(new RemoveMember.Command(admin, acme, owner.userId()))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.transferOwnership(new TransferOwnership.Command(admin, acme, member.userId()))))
        .isEqualTo("forbidden");
    assertThat(roleOf(member)).isEqualTo("member");
    assertThat(roleOf(owner)).isEqualTo("owner");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("member.role_change_refused"))
        .allSatisfy(e -> assertThat(e.orgId()).isEqualTo(acme.toString())).isNotEmpty();

    orgs.invite(new InviteMember.Command(admin, acme, "x@example.com", "admin", null));
    assertThat(orgs.changeRole(new ChangeMemberRole.Command(admin, acme, member.userId(), "admin")).role())
        .isEqualTo("admin");
  }

  @Test
  void nobody_creates_a_role_with_a_scope_they_do_not_hold() {
    Actor admin = memberWithRole("admin@example.com", "admin");
    assertThat(code(() -> orgs.createRole(new CreateOrganizationRole.Command(admin, acme, "deleter",
        List.of(Scopes.ORG_DELETE)))))
        .isEqualTo("forbidden");
    assertThat(orgs.listRoles(owner, acme)).extracting(Organizations.RoleView::name).doesNotContain("deleter");

    Organizations.RoleView deleter = orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "deleter",
        List.of(Scopes.ORG_DELETE)));
    assertThat(deleter.builtIn()).isFalse();
    assertThat(deleter.scopes()).containsExactly("org:delete");
  }

  @Test
  void a_custom_role_with_members_write_cannot_grant_roles_write() {
    orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "people",
        List.of(Scopes.ORG_READ, Scopes.MEMBERS_READ, Scopes.MEMBERS_WRITE, Scopes.ROLES_READ)));
    Actor people = memberWithRole("people@example.com", "people");
    Actor member = memberWithRole("member@example.com", "member");

    assertThat(code(() -> orgs.changeRole(new ChangeMemberRole.Command(people, acme, member.userId(), "admin"))))
        .isEqualTo("forbidden");
    assertThat(roleOf(member)).isEqualTo("member");
    assertThat(orgs.changeRole(new ChangeMemberRole.Command(people, acme, member.userId(), "people")).role())
        .isEqualTo("people");
    Actor admin = memberWithRole("admin@example.com", "admin");
    assertThat(code(() -> orgs.removeMember(new RemoveMember.Command(people, acme, admin.userId()))))
        .as("removing someone with more scopes is escalation too").isEqualTo("forbidden");
    orgs.removeMember(new RemoveMember.Command(people, acme, member.userId()));
    assertThat(roleOf(member)).isEqualTo("none");
  }

  @Test
  void roles_are_checked_against_the_organization_catalog_and_names() {
    assertThat(violation(() -> orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "platform",
        List.of(Scopes.USERS_READ)))))
        .isEqualTo("unknown_scope");
    assertThat(violation(() -> orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "Bad Name", List.of()))))
        .isEqualTo("invalid_role_name");
    assertThat(code(() -> orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "admin", List.of()))))
        .isEqualTo("role_name_taken");
    orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "auditor", List.of(Scopes.AUDIT_READ,
        Scopes.ORG_READ)));
    assertThat(code(() -> orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "auditor", List.of()))))
        .isEqualTo("role_name_taken");

    Actor other = t.signUp("other@example.com");
    OrgId globex = orgs.create(new CreateOrganization.Command(other, "Globex", "globex")).id();
    assertThat(orgs.listRoles(other, globex)).extracting(Organizations.RoleView::name).doesNotContain("auditor");
    assertThat(violation(() -> orgs.invite(new InviteMember.Command(other, globex, "x@example.com", "auditor", null))))
        .as("another organization's role").isEqualTo("unknown_role");
    assertThat(orgs.createRole(new CreateOrganizationRole.Command(other, globex, "auditor", List.of())).name())
        .isEqualTo("auditor");
  }

  // Roles of members and the last owner

  @Test
  void nobody_changes_their_own_role() {
    Actor admin = memberWithRole("admin@example.com", "admin");
    assertThat(code(() -> orgs.changeRole(new ChangeMemberRole.Command(owner, acme, owner.userId(), "admin"))))
        .isEqualTo("forbidden");
    assertThat(code(() -> orgs.changeRole(new ChangeMemberRole.Command(admin, acme, admin.userId(), "member"))))
        .isEqualTo("forbidden");
    assertThat(roleOf(owner)).isEqualTo("owner");
    assertThat(roleOf(admin)).isEqualTo("admin");
  }

  @Test
  void the_last_owner_cannot_leave_or_be_demoted() {
    assertThat(code(() -> orgs.removeMember(new RemoveMember.Command(owner, acme, owner.userId()))))
        .isEqualTo("last_owner");

    orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "steward", List.copyOf(Scopes.ORGANIZATION)));
    Actor steward = memberWithRole("steward@example.com", "steward");
    assertThat(code(() -> orgs.changeRole(new ChangeMemberRole.Command(steward, acme, owner.userId(), "admin"))))
        .isEqualTo("last_owner");
    assertThat(code(() -> orgs.removeMember(new RemoveMember.Command(steward, acme, owner.userId()))))
        .isEqualTo("last_owner");
    assertThat(roleOf(owner)).isEqualTo("owner");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.details().get("reason") != null)
        .filteredOn(e -> e.details().get("reason").equals("last_owner")).hasSize(3)
        .allSatisfy(e -> assertThat(e.orgId()).isEqualTo(acme.toString()));

    Actor second = memberWithRole("second@example.com", "owner");
    orgs.removeMember(new RemoveMember.Command(owner, acme, owner.userId()));
    assertThat(orgs.listMembers(second, acme)).extracting(MemberView::userId)
        .as("both joined at the same instant, so their order is the store's tie-break")
        .containsExactlyInAnyOrder(steward.userId(), second.userId());
  }

  @Test
  void transferring_ownership_promotes_the_new_owner_and_makes_the_old_one_an_admin() {
    Actor member = memberWithRole("member@example.com", "member");
    Actor outsider = t.signUp("outsider@example.com");
    assertThat(code(() -> orgs.transferOwnership(new TransferOwnership.Command(owner, acme, outsider.userId()))))
        .isEqualTo("not_found");
    assertThat(violation(() -> orgs.transferOwnership(new TransferOwnership.Command(owner, acme, owner.userId()))))
        .isEqualTo("invalid_new_owner");

    orgs.transferOwnership(new TransferOwnership.Command(owner, acme, member.userId()));

    assertThat(roleOf(member)).isEqualTo("owner");
    assertThat(orgs.get(owner, acme).role()).isEqualTo("admin");
    assertThat(code(() -> orgs.delete(new DeleteOrganization.Command(owner, acme)))).isEqualTo("forbidden");
    assertThat(code(() -> orgs.transferOwnership(new TransferOwnership.Command(owner, acme, owner.userId()))))
        .isEqualTo("forbidden");
    orgs.removeMember(new RemoveMember.Command(owner, acme, owner.userId()));
    assertThat(code(() -> orgs.get(owner, acme))).isEqualTo("not_found");
    orgs.delete(new DeleteOrganization.Command(member, acme));
    assertThat(t.stores.auditEvents()).extracting(AuditEvent::action)
        .contains("org.ownership_transferred", "member.left", "org.deleted");
  }

  @Test
  void removing_a_member_ends_their_access_on_the_next_call() {
    Actor member = memberWithRole("member@example.com", "member");
    String before = orgs.issueToken(new IssueOrganizationToken.Command(member, acme)).accessToken();
    assertThat(orgs.get(member, acme).name()).isEqualTo("Acme Inc.");

    orgs.removeMember(new RemoveMember.Command(owner, acme, member.userId()));

    assertThat(code(() -> orgs.get(member, acme))).isEqualTo("not_found");
    assertThat(code(() -> orgs.issueToken(new IssueOrganizationToken.Command(member, acme)))).isEqualTo("not_found");
    assertThat(orgs.listMine(member)).isEmpty();
    assertThat(t.keyhold.sessions().authenticate(before).orgId())
        .as("tokens already issued live until they expire").isEqualTo(acme.toString());
    assertThat(code(() -> orgs.removeMember(new RemoveMember.Command(owner, acme, member.userId()))))
        .isEqualTo("not_found");
  }

  @Test
  void a_member_may_leave_without_any_scope() {
    orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "nothing", List.of()));
    Actor member = memberWithRole("member@example.com", "nothing");
    assertThat(code(() -> orgs.get(member, acme))).isEqualTo("forbidden");
    orgs.removeMember(new RemoveMember.Command(member, acme, member.userId()));
    assertThat(code(() -> orgs.get(member, acme))).isEqualTo("not_found");
  }

  // Organization tokens

  @Test
  void an_organization_token_carries_the_org_id_and_the_members_current_scopes_in_the_same_session() {
    Actor member = memberWithRole("member@example.com", "member");

    Organizations.OrganizationToken token = orgs.issueToken(new IssueOrganizationToken.Command(member, acme));

    assertThat(token.orgId()).isEqualTo(acme);
    assertThat(token.scopes()).containsExactly("members:read", "org:read", "roles:read");
    assertThat(token.expiresIn()).isEqualTo(Duration.ofMinutes(15));
    assertThat(token.toString()).doesNotContain(token.accessToken());
    AccessTokenClaims claims = t.keyhold.sessions().authenticate(token.accessToken());
    assertThat(claims.orgId()).isEqualTo(acme.toString());
    assertThat(claims.scopes()).containsExactly("members:read", "org:read", "roles:read");
    assertThat(claims.sessionId()).isEqualTo(member.sessionId().toString());
    assertThat(claims.subject()).isEqualTo(member.userId().toString());
    assertThat(claims.authMethods()).containsExactly("pwd");
    assertThat(claims.expiresAt()).isEqualTo(t.clock.instant().plus(Duration.ofMinutes(15)));
    assertThat(payloadOf(token.accessToken()))
        .contains("\"org_id\":\"" + acme + "\"", "\"scope\":\"members:read org:read roles:read\"");

    orgs.changeRole(new ChangeMemberRole.Command(owner, acme, member.userId(), "admin"));
    assertThat(orgs.issueToken(new IssueOrganizationToken.Command(member, acme)).scopes())
        .as("current scopes, read from the stores")
        .contains("members:write", "invitations:write").doesNotContain("org:delete");
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("org.token_issued"))
        .allSatisfy(e -> assertThat(e.orgId()).isEqualTo(acme.toString())).hasSize(2);
  }

  @Test
  void an_organization_token_needs_an_active_session() {
    var login = t.login("owner@example.com");
    Actor actor = new Actor(login.userId(), login.tokens().sessionId(), TestKeyhold.CLIENT);
    t.keyhold.sessions().logout(new Logout.Command(login.tokens().refreshToken(), TestKeyhold.CLIENT));
    assertThat(code(() -> orgs.issueToken(new IssueOrganizationToken.Command(actor, acme)))).isEqualTo("invalid_token");
  }

  // Audit

  @Test
  void every_change_is_audited_with_the_organization_actor_and_request() {
    Actor member = memberWithRole("member@example.com", "member");
    orgs.update(new UpdateOrganization.Command(owner, acme, "Acme Two", null));
    orgs.changeRole(new ChangeMemberRole.Command(owner, acme, member.userId(), "admin"));
    orgs.createRole(new CreateOrganizationRole.Command(owner, acme, "auditor", List.of(Scopes.AUDIT_READ)));
    orgs.removeMember(new RemoveMember.Command(owner, acme, member.userId()));

    Map<String, String> expectedTargets = Map.of(
        "org.created", acme.toString(),
        "org.updated", acme.toString(),
        "member.role_changed", member.userId().toString(),
        "member.removed", member.userId().toString());
    for (var expected : expectedTargets.entrySet()) {
      assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals(expected.getKey())).singleElement()
          .satisfies(e -> {
            assertThat(e.orgId()).isEqualTo(acme.toString());
            assertThat(e.actorId()).isEqualTo(owner.userId().toString());
            assertThat(e.targetId()).isEqualTo(expected.getValue());
            assertThat(e.client().requestId()).isEqualTo("req-1");
            assertThat(e.outcome()).isEqualTo("success");
          });
    }
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("member.role_changed")).singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("from", "member").containsEntry("to", "admin"));
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("role.created")).singleElement()
        .satisfies(e -> assertThat(e.orgId()).isEqualTo(acme.toString()));
  }

  private static String violation(Runnable action) {
    try {
      action.run();
    } catch (ValidationException e) {
      return e.violations().get(0).code();
    }
    throw new AssertionError("expected a validation failure");
  }
}
