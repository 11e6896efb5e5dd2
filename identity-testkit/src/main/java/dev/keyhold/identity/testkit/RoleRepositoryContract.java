package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.model.access.BuiltInRoles.ADMIN;
import static dev.keyhold.identity.model.access.BuiltInRoles.MEMBER;
import static dev.keyhold.identity.model.access.BuiltInRoles.ORG_ADMIN;
import static dev.keyhold.identity.model.access.BuiltInRoles.OWNER;
import static dev.keyhold.identity.model.access.BuiltInRoles.USER;
import static dev.keyhold.identity.testkit.Conflicts.assertConflict;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.access.RoleKind;
import dev.keyhold.identity.model.access.Scopes;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.RoleRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link RoleRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Custom organization roles reference their organization, so tests first create it through
 * {@link IdentityStores#organizations()}, as a database with foreign keys requires.
 *
 * <p>Names are compared in code-point order (Java's {@code String.compareTo}; a SQL store sorts with a binary
 * collation such as PostgreSQL's {@code "C"}); the names used here are lower-case letters only, so any collation
 * agrees.
 */
public abstract class RoleRepositoryContract {

  private IdentityStores stores;
  private RoleRepository roles;
  private Organization acme;
  private Organization globex;

  /**
   * Stores that hold nothing but the built-in roles, called once before each test; the contract uses their
   * {@code users()} and {@code organizations()} to create the organizations custom roles belong to, and their
   * {@code roles()} as the repository under test. A database-backed adapter empties its tables here, keeping or
   * re-seeding the built-in roles (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    roles = stores.roles();
    User owner = TestUsers.newUser();
    stores.users().insert(owner);
    acme = TestOrgs.organization("acme");
    globex = TestOrgs.organization("globex");
    stores.organizations().create(acme, TestOrgs.ownerOf(acme, owner.id()));
    stores.organizations().create(globex, TestOrgs.ownerOf(globex, owner.id()));
  }

  @Test
  void every_built_in_role_is_present_in_a_fresh_store_and_found_by_its_fixed_id() {
    for (Role builtIn : BuiltInRoles.ALL) {
      assertThat(roles.findById(builtIn.id())).as(builtIn.name()).contains(builtIn);
    }
  }

  @Test
  void a_fresh_store_lists_the_built_in_global_roles_by_name() {
    assertThat(roles.listGlobal()).containsExactly(ADMIN, USER);
  }

  @Test
  void a_fresh_store_lists_the_built_in_organization_roles_by_name_for_any_organization() {
    assertThat(roles.listForOrganization(acme.id())).containsExactly(ORG_ADMIN, MEMBER, OWNER);
    assertThat(roles.listForOrganization(TestOrgs.newId())).containsExactly(ORG_ADMIN, MEMBER, OWNER);
  }

  @Test
  void finding_an_unknown_role_returns_empty() {
    roles.insert(TestOrgs.globalRole("auditor", T0));

    assertThat(roles.findById(new RoleId(UUID.randomUUID()))).isEmpty();
  }

  @Test
  void a_custom_global_role_round_trips_every_field() {
    Role role = new Role(new RoleId(UUID.randomUUID()), RoleKind.GLOBAL, null, "support-desk_2",
        Set.of(Scopes.USERS_READ, Scopes.USERS_WRITE, Scopes.AUDIT_READ), false, T0.plusNanos(5_000));

    roles.insert(role);

    assertThat(roles.findById(role.id())).contains(role);
  }

  @Test
  void a_custom_organization_role_round_trips_every_field() {
    Role role = new Role(new RoleId(UUID.randomUUID()), RoleKind.ORGANIZATION, acme.id(), "billing",
        Set.of(Scopes.ORG_READ, Scopes.MEMBERS_READ, Scopes.INVITATIONS_WRITE), false,
        T0.plusSeconds(3).plusNanos(1_000));

    roles.insert(role);

    assertThat(roles.findById(role.id())).contains(role);
  }

  @Test
  void a_custom_role_without_scopes_round_trips() {
    Role role = new Role(new RoleId(UUID.randomUUID()), RoleKind.ORGANIZATION, acme.id(), "nobody", Set.of(),
        false, T0);

    roles.insert(role);

    assertThat(roles.findById(role.id())).contains(role);
  }

  @Test
  void global_roles_are_listed_built_in_first_then_by_name() {
    Role zeta = TestOrgs.globalRole("zeta", T0);
    Role auditor = TestOrgs.globalRole("auditor", T0.plusSeconds(1));
    Role billing = TestOrgs.globalRole("billing", T0.minusSeconds(1));
    roles.insert(zeta);
    roles.insert(auditor);
    roles.insert(billing);

    assertThat(roles.listGlobal()).containsExactly(ADMIN, USER, auditor, billing, zeta);
  }

  @Test
  void global_roles_exclude_organization_roles() {
    roles.insert(TestOrgs.customRole(acme.id(), "auditor", T0));

    assertThat(roles.listGlobal()).containsExactly(ADMIN, USER);
  }

  @Test
  void organization_roles_are_listed_built_in_first_then_custom_by_name() {
    Role zeta = TestOrgs.customRole(acme.id(), "zeta", T0);
    Role auditor = TestOrgs.customRole(acme.id(), "auditor", T0.plusSeconds(1));
    Role billing = TestOrgs.customRole(acme.id(), "billing", T0.minusSeconds(1));
    roles.insert(zeta);
    roles.insert(auditor);
    roles.insert(billing);

    assertThat(roles.listForOrganization(acme.id()))
        .containsExactly(ORG_ADMIN, MEMBER, OWNER, auditor, billing, zeta);
  }

  @Test
  void an_organization_never_lists_another_organizations_custom_roles_or_global_roles() {
    Role acmes = TestOrgs.customRole(acme.id(), "auditor", T0);
    Role globexs = TestOrgs.customRole(globex.id(), "billing", T0);
    roles.insert(acmes);
    roles.insert(globexs);
    roles.insert(TestOrgs.globalRole("support", T0));

    assertThat(roles.listForOrganization(acme.id())).containsExactly(ORG_ADMIN, MEMBER, OWNER, acmes);
    assertThat(roles.listForOrganization(globex.id())).containsExactly(ORG_ADMIN, MEMBER, OWNER, globexs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin", "user"})
  void a_global_role_named_like_a_built_in_global_role_throws_role_name_taken_and_stores_nothing(String name) {
    Role role = TestOrgs.globalRole(name, T0);

    assertConflict(() -> roles.insert(role), "role_name_taken");

    assertThat(roles.findById(role.id())).isEmpty();
    assertThat(roles.listGlobal()).containsExactly(ADMIN, USER);
  }

  @Test
  void a_second_global_role_with_the_same_name_throws_role_name_taken_and_stores_nothing() {
    Role first = TestOrgs.globalRole("auditor", T0);
    roles.insert(first);
    Role second = TestOrgs.globalRole("auditor", T0.plusSeconds(1));

    assertConflict(() -> roles.insert(second), "role_name_taken");

    assertThat(roles.findById(second.id())).isEmpty();
    assertThat(roles.listGlobal()).containsExactly(ADMIN, USER, first);
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member"})
  void an_organization_role_named_like_a_built_in_organization_role_throws_role_name_taken_and_stores_nothing(
      String name) {
    Role role = TestOrgs.customRole(acme.id(), name, T0);

    assertConflict(() -> roles.insert(role), "role_name_taken");

    assertThat(roles.findById(role.id())).isEmpty();
    assertThat(roles.listForOrganization(acme.id())).containsExactly(ORG_ADMIN, MEMBER, OWNER);
  }

  @Test
  void a_second_custom_role_with_the_same_name_in_one_organization_throws_role_name_taken_and_stores_nothing() {
    Role first = TestOrgs.customRole(acme.id(), "auditor", T0);
    roles.insert(first);
    Role second = TestOrgs.customRole(acme.id(), "auditor", T0.plusSeconds(1));

    assertConflict(() -> roles.insert(second), "role_name_taken");

    assertThat(roles.findById(second.id())).isEmpty();
    assertThat(roles.listForOrganization(acme.id())).containsExactly(ORG_ADMIN, MEMBER, OWNER, first);
  }

  @Test
  void the_same_custom_name_is_allowed_in_two_organizations() {
    Role acmes = TestOrgs.customRole(acme.id(), "auditor", T0);
    Role globexs = TestOrgs.customRole(globex.id(), "auditor", T0);

    roles.insert(acmes);
    roles.insert(globexs);

    assertThat(roles.findById(acmes.id())).contains(acmes);
    assertThat(roles.findById(globexs.id())).contains(globexs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "member"})
  void a_global_role_may_be_named_like_a_built_in_organization_role(String name) {
    Role role = TestOrgs.globalRole(name, T0);

    roles.insert(role);

    assertThat(roles.listGlobal()).containsExactly(ADMIN, USER, role);
  }

  @Test
  void an_organization_role_may_be_named_like_a_global_role() {
    Role globalAuditor = TestOrgs.globalRole("auditor", T0);
    roles.insert(globalAuditor);
    Role user = TestOrgs.customRole(acme.id(), "user", T0);
    Role auditor = TestOrgs.customRole(acme.id(), "auditor", T0);

    roles.insert(user);
    roles.insert(auditor);

    assertThat(roles.listForOrganization(acme.id())).containsExactly(ORG_ADMIN, MEMBER, OWNER, auditor, user);
    assertThat(roles.listGlobal()).containsExactly(ADMIN, USER, globalAuditor);
  }

  @Test
  void a_global_role_may_be_named_like_an_organizations_custom_role() {
    Role custom = TestOrgs.customRole(acme.id(), "auditor", T0);
    roles.insert(custom);
    Role global = TestOrgs.globalRole("auditor", T0);

    roles.insert(global);

    assertThat(roles.findById(global.id())).contains(global);
  }

  @Test
  void concurrent_inserts_of_one_global_role_name_let_exactly_one_succeed() {
    raceRoleNames(round -> TestOrgs.globalRole("race-" + round, T0));
  }

  @Test
  void concurrent_inserts_of_one_organization_role_name_let_exactly_one_succeed() {
    raceRoleNames(round -> TestOrgs.customRole(acme.id(), "race-" + round, T0));
  }

  /** Each round, 16 threads insert a distinct role made by {@code candidate} for the round, all with one name. */
  private void raceRoleNames(IntFunction<Role> candidate) {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      int currentRound = round;
      List<Role> candidates = IntStream.range(0, threads)
          .mapToObj(i -> candidate.apply(currentRound))
          .collect(Collectors.toList());

      List<Outcome<Void>> outcomes = Concurrently.run(threads, i -> roles.insert(candidates.get(i)));

      List<Integer> winners = IntStream.range(0, threads)
          .filter(i -> outcomes.get(i).succeeded())
          .boxed()
          .collect(Collectors.toList());
      assertThat(winners).as("round %d", round).hasSize(1);
      outcomes.stream()
          .filter(outcome -> !outcome.succeeded())
          .forEach(outcome -> assertConflict(outcome.failure(), "role_name_taken"));
      Role winner = candidates.get(winners.get(0));
      for (Role role : candidates) {
        assertThat(roles.findById(role.id()).isPresent()).as("round %d", round).isEqualTo(role == winner);
      }
    }
  }
}
