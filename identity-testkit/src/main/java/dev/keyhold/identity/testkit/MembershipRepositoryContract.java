package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.model.access.BuiltInRoles.MEMBER;
import static dev.keyhold.identity.model.access.BuiltInRoles.ORG_ADMIN;
import static dev.keyhold.identity.model.access.BuiltInRoles.OWNER;
import static dev.keyhold.identity.spi.MembershipRepository.Change.DONE;
import static dev.keyhold.identity.spi.MembershipRepository.Change.LAST_OWNER;
import static dev.keyhold.identity.spi.MembershipRepository.Change.NOT_FOUND;
import static dev.keyhold.identity.testkit.Conflicts.assertConflict;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.access.RoleId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.MembershipRepository.Change;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.spi.UserRepository.Deletion;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MembershipRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Memberships reference users and organizations, so each test first stores its users through
 * {@link IdentityStores#users()} and its organizations through {@link IdentityStores#organizations()}, as a
 * database with foreign keys requires.
 *
 * <p>Memberships created at the same instant are listed by user (or organization) id; the tests that rely on that use
 * ids from {@link TestIds}, whose order every store agrees on.
 */
public abstract class MembershipRepositoryContract {

  /** How many organizations race at once in each round of the last-owner races. */
  private static final int RACES_PER_ROUND = 16;

  private IdentityStores stores;
  private OrganizationRepository organizations;
  private MembershipRepository memberships;
  private User alice;
  private User bob;
  private User carol;
  private Organization acme;

  /**
   * Stores that hold nothing but the built-in roles, called once before each test; the contract uses their
   * {@code users()} and {@code organizations()} to create what memberships refer to, and their
   * {@code memberships()} as the repository under test. A database-backed adapter empties its tables here (and may
   * return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    organizations = stores.organizations();
    memberships = stores.memberships();
    alice = user();
    bob = user();
    carol = user();
    acme = createOrganization("acme", alice);
  }

  @Test
  void an_added_membership_round_trips_every_field() {
    Membership membership =
        new Membership(acme.id(), bob.id(), ORG_ADMIN.id(), T0.plusSeconds(5).plusNanos(1_000), T0.plusSeconds(6));

    memberships.add(membership);

    assertThat(memberships.find(acme.id(), bob.id())).contains(membership);
  }

  @Test
  void a_membership_with_a_custom_role_round_trips() {
    Role custom = TestOrgs.customRole(acme.id(), "auditor", T0);
    stores.roles().insert(custom);
    Membership membership = TestOrgs.membership(acme.id(), bob.id(), custom.id(), T0.plusSeconds(1));

    memberships.add(membership);

    assertThat(memberships.find(acme.id(), bob.id())).contains(membership);
  }

  @Test
  void deleting_the_user_deletes_their_memberships_with_them() {
    memberships.add(TestOrgs.membership(acme.id(), bob.id(), ORG_ADMIN.id(), T0.plusSeconds(1)));
    memberships.add(TestOrgs.membership(acme.id(), carol.id(), ORG_ADMIN.id(), T0.plusSeconds(2)));

    stores.users().delete(bob.id());

    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
    assertThat(memberships.listByUser(bob.id())).isEmpty();
    assertThat(memberships.find(acme.id(), carol.id())).isPresent();
  }

  @Test
  void deleting_the_only_owner_of_an_organization_is_refused_and_changes_nothing() {
    Organization globex = createOrganization("globex", bob);
    join(acme, bob, OWNER.id(), T0.plusSeconds(1));

    assertThat(stores.users().delete(bob.id(), OWNER.id())).isEqualTo(Deletion.LAST_OWNER);

    assertThat(stores.users().findById(bob.id())).as("the user").isPresent();
    assertThat(memberships.listByUser(bob.id())).extracting(Membership::orgId)
        .containsExactlyInAnyOrder(acme.id(), globex.id());
  }

  @Test
  void deleting_one_of_two_owners_leaves_the_other_as_the_last() {
    join(acme, bob, OWNER.id(), T0.plusSeconds(1));

    assertThat(stores.users().delete(bob.id(), OWNER.id())).isEqualTo(Deletion.DELETED);

    assertThat(stores.users().findById(bob.id())).isEmpty();
    assertThat(memberships.listByOrganization(acme.id())).extracting(Membership::userId).containsExactly(alice.id());
    assertThat(stores.users().delete(alice.id(), OWNER.id())).isEqualTo(Deletion.LAST_OWNER);
  }

  @Test
  void deleting_a_member_who_owns_nothing_is_done_and_an_unknown_user_is_not_found() {
    join(acme, bob, ORG_ADMIN.id(), T0.plusSeconds(1));

    assertThat(stores.users().delete(bob.id(), OWNER.id())).isEqualTo(Deletion.DELETED);
    assertThat(stores.users().delete(bob.id(), OWNER.id())).isEqualTo(Deletion.NOT_FOUND);
    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
  }

  @Test
  void finding_the_membership_of_a_non_member_returns_empty() {
    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
  }

  @Test
  void finding_a_membership_in_another_organization_returns_empty() {
    Organization globex = createOrganization("globex", bob);

    assertThat(memberships.find(globex.id(), alice.id())).isEmpty();
    assertThat(memberships.find(TestOrgs.newId(), alice.id())).isEmpty();
  }

  @Test
  void adding_a_second_membership_for_the_same_user_throws_already_member_and_changes_nothing() {
    Membership first = join(acme, bob, MEMBER.id(), T0.plusSeconds(1));

    assertConflict(() -> memberships.add(TestOrgs.membership(acme.id(), bob.id(), ORG_ADMIN.id(), T0.plusSeconds(2))),
        "already_member");

    assertThat(memberships.find(acme.id(), bob.id())).contains(first);
    assertThat(memberships.listByOrganization(acme.id())).hasSize(2);
  }

  @Test
  void the_owner_cannot_be_added_again() {
    assertConflict(() -> memberships.add(TestOrgs.membership(acme.id(), alice.id(), MEMBER.id(), T0.plusSeconds(1))),
        "already_member");

    assertThat(memberships.find(acme.id(), alice.id())).contains(TestOrgs.ownerOf(acme, alice.id()));
  }

  @Test
  void one_user_may_belong_to_many_organizations() {
    Organization globex = createOrganization("globex", carol);

    Membership inAcme = join(acme, bob, MEMBER.id(), T0.plusSeconds(1));
    Membership inGlobex = join(globex, bob, ORG_ADMIN.id(), T0.plusSeconds(2));

    assertThat(memberships.find(acme.id(), bob.id())).contains(inAcme);
    assertThat(memberships.find(globex.id(), bob.id())).contains(inGlobex);
  }

  @Test
  void memberships_of_an_organization_are_listed_oldest_first_then_by_user_id() {
    List<UUID> ids = TestIds.ascending(2);
    User first = user(new UserId(ids.get(0)));
    User second = user(new UserId(ids.get(1)));
    Membership carols = join(acme, carol, MEMBER.id(), T0.plusSeconds(2));
    Membership seconds = join(acme, second, MEMBER.id(), T0.plusSeconds(3));
    Membership bobs = join(acme, bob, ORG_ADMIN.id(), T0.plusSeconds(1));
    Membership firsts = join(acme, first, MEMBER.id(), T0.plusSeconds(3));

    assertThat(memberships.listByOrganization(acme.id()))
        .containsExactly(TestOrgs.ownerOf(acme, alice.id()), bobs, carols, firsts, seconds);
  }

  @Test
  void members_who_joined_at_once_are_ordered_by_unsigned_id_bytes_not_javas_signed_order() {
    UUID low = UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff");
    UUID high = UUID.fromString("80000000-0000-4000-8000-000000000000");
    assertThat(low.compareTo(high)).as("Java's signed order is the opposite").isPositive();
    User lowUser = user(new UserId(low));
    User highUser = user(new UserId(high));
    Membership highs = join(acme, highUser, MEMBER.id(), T0.plusSeconds(1));
    Membership lows = join(acme, lowUser, MEMBER.id(), T0.plusSeconds(1));

    assertThat(memberships.listByOrganization(acme.id()))
        .containsExactly(TestOrgs.ownerOf(acme, alice.id()), lows, highs);
  }

  @Test
  void organizations_joined_at_once_are_ordered_by_unsigned_id_bytes_not_javas_signed_order() {
    Organization high = createOrganization(new OrgId(UUID.fromString("f0000000-0000-4000-8000-000000000000")),
        "high", alice);
    Organization low = createOrganization(new OrgId(UUID.fromString("0fffffff-ffff-4fff-bfff-ffffffffffff")),
        "low", alice);
    assertThat(low.id().value().compareTo(high.id().value())).as("Java's signed order is the opposite").isPositive();
    Membership inHigh = join(high, bob, MEMBER.id(), T0.plusSeconds(7));
    Membership inLow = join(low, bob, MEMBER.id(), T0.plusSeconds(7));

    assertThat(memberships.listByUser(bob.id())).containsExactly(inLow, inHigh);
  }

  @Test
  void memberships_of_an_organization_exclude_other_organizations_members() {
    Organization globex = createOrganization("globex", bob);
    join(globex, carol, MEMBER.id(), T0.plusSeconds(1));

    assertThat(memberships.listByOrganization(acme.id())).containsExactly(TestOrgs.ownerOf(acme, alice.id()));
  }

  @Test
  void an_unknown_organization_has_no_memberships() {
    assertThat(memberships.listByOrganization(TestOrgs.newId())).isEmpty();
  }

  @Test
  void memberships_of_a_user_are_listed_oldest_first_then_by_organization_id() {
    List<UUID> ids = TestIds.ascending(2);
    Organization second = createOrganization(new OrgId(ids.get(1)), "second", alice);
    Organization first = createOrganization(new OrgId(ids.get(0)), "first", alice);
    Membership inSecond = join(second, bob, MEMBER.id(), T0.plusSeconds(5));
    Membership inAcme = join(acme, bob, MEMBER.id(), T0.plusSeconds(1));
    Membership inFirst = join(first, bob, ORG_ADMIN.id(), T0.plusSeconds(5));

    assertThat(memberships.listByUser(bob.id())).containsExactly(inAcme, inFirst, inSecond);
  }

  @Test
  void memberships_of_a_user_exclude_other_users_memberships() {
    join(acme, bob, MEMBER.id(), T0.plusSeconds(1));

    assertThat(memberships.listByUser(carol.id())).isEmpty();
    assertThat(memberships.listByUser(alice.id())).containsExactly(TestOrgs.ownerOf(acme, alice.id()));
  }

  @Test
  void changing_a_role_replaces_it_and_the_update_time_and_keeps_the_join_time() {
    Membership bobs = join(acme, bob, MEMBER.id(), T0.plusSeconds(1));
    Instant at = T0.plusSeconds(60).plusNanos(3_000);

    assertThat(memberships.changeRole(acme.id(), bob.id(), ORG_ADMIN.id(), OWNER.id(), at)).isEqualTo(DONE);

    assertThat(memberships.find(acme.id(), bob.id()))
        .contains(new Membership(acme.id(), bob.id(), ORG_ADMIN.id(), bobs.createdAt(), at));
  }

  @Test
  void changing_the_role_of_a_non_member_returns_not_found_and_stores_nothing() {
    assertThat(memberships.changeRole(acme.id(), bob.id(), ORG_ADMIN.id(), OWNER.id(), T0.plusSeconds(1)))
        .isEqualTo(NOT_FOUND);

    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
    assertThat(memberships.changeRole(TestOrgs.newId(), alice.id(), MEMBER.id(), OWNER.id(), T0.plusSeconds(1)))
        .isEqualTo(NOT_FOUND);
  }

  @Test
  void demoting_the_last_owner_returns_last_owner_and_changes_nothing() {
    join(acme, bob, MEMBER.id(), T0.plusSeconds(1));

    assertThat(memberships.changeRole(acme.id(), alice.id(), MEMBER.id(), OWNER.id(), T0.plusSeconds(2)))
        .isEqualTo(LAST_OWNER);

    assertThat(memberships.find(acme.id(), alice.id())).contains(TestOrgs.ownerOf(acme, alice.id()));
  }

  @Test
  void demoting_one_of_two_owners_is_done_and_leaves_the_other_as_the_last() {
    join(acme, bob, OWNER.id(), T0.plusSeconds(1));

    assertThat(memberships.changeRole(acme.id(), alice.id(), ORG_ADMIN.id(), OWNER.id(), T0.plusSeconds(2)))
        .isEqualTo(DONE);
    assertThat(memberships.changeRole(acme.id(), bob.id(), ORG_ADMIN.id(), OWNER.id(), T0.plusSeconds(3)))
        .isEqualTo(LAST_OWNER);

    assertThat(memberships.find(acme.id(), alice.id()).orElseThrow().roleId()).isEqualTo(ORG_ADMIN.id());
    assertThat(memberships.find(acme.id(), bob.id()).orElseThrow().roleId()).isEqualTo(OWNER.id());
  }

  @Test
  void promoting_a_member_to_owner_is_done() {
    join(acme, bob, MEMBER.id(), T0.plusSeconds(1));

    assertThat(memberships.changeRole(acme.id(), bob.id(), OWNER.id(), OWNER.id(), T0.plusSeconds(2)))
        .isEqualTo(DONE);

    assertThat(memberships.countWithRole(acme.id(), OWNER.id())).isEqualTo(2);
  }

  @Test
  void changing_the_role_of_a_non_owner_is_done_while_there_is_one_owner() {
    join(acme, bob, ORG_ADMIN.id(), T0.plusSeconds(1));

    assertThat(memberships.changeRole(acme.id(), bob.id(), MEMBER.id(), OWNER.id(), T0.plusSeconds(2)))
        .isEqualTo(DONE);

    assertThat(memberships.find(acme.id(), bob.id()).orElseThrow().roleId()).isEqualTo(MEMBER.id());
  }

  @Test
  void keeping_the_last_owner_an_owner_is_done() {
    assertThat(memberships.changeRole(acme.id(), alice.id(), OWNER.id(), OWNER.id(), T0.plusSeconds(1)))
        .isEqualTo(DONE);

    assertThat(memberships.find(acme.id(), alice.id()).orElseThrow().roleId()).isEqualTo(OWNER.id());
  }

  @Test
  void owners_of_other_organizations_do_not_count_as_owners() {
    Organization globex = createOrganization("globex", bob);
    join(globex, alice, OWNER.id(), T0.plusSeconds(1));

    assertThat(memberships.changeRole(acme.id(), alice.id(), MEMBER.id(), OWNER.id(), T0.plusSeconds(2)))
        .isEqualTo(LAST_OWNER);
    assertThat(memberships.remove(acme.id(), alice.id(), OWNER.id())).isEqualTo(LAST_OWNER);
  }

  @Test
  void the_protected_role_is_the_one_passed_as_owner_role() {
    join(acme, bob, ORG_ADMIN.id(), T0.plusSeconds(1));

    assertThat(memberships.changeRole(acme.id(), bob.id(), MEMBER.id(), ORG_ADMIN.id(), T0.plusSeconds(2)))
        .isEqualTo(LAST_OWNER);
    assertThat(memberships.remove(acme.id(), bob.id(), ORG_ADMIN.id())).isEqualTo(LAST_OWNER);
    assertThat(memberships.changeRole(acme.id(), alice.id(), MEMBER.id(), ORG_ADMIN.id(), T0.plusSeconds(3)))
        .isEqualTo(DONE);

    assertThat(memberships.find(acme.id(), bob.id()).orElseThrow().roleId()).isEqualTo(ORG_ADMIN.id());
    assertThat(memberships.find(acme.id(), alice.id()).orElseThrow().roleId()).isEqualTo(MEMBER.id());
  }

  @Test
  void removing_a_member_deletes_the_membership() {
    join(acme, bob, MEMBER.id(), T0.plusSeconds(1));

    assertThat(memberships.remove(acme.id(), bob.id(), OWNER.id())).isEqualTo(DONE);

    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
    assertThat(memberships.listByOrganization(acme.id())).containsExactly(TestOrgs.ownerOf(acme, alice.id()));
    assertThat(memberships.listByUser(bob.id())).isEmpty();
  }

  @Test
  void a_removed_member_can_be_added_again() {
    join(acme, bob, MEMBER.id(), T0.plusSeconds(1));
    memberships.remove(acme.id(), bob.id(), OWNER.id());

    Membership again = join(acme, bob, ORG_ADMIN.id(), T0.plusSeconds(2));

    assertThat(memberships.find(acme.id(), bob.id())).contains(again);
  }

  @Test
  void removing_a_non_member_returns_not_found() {
    assertThat(memberships.remove(acme.id(), bob.id(), OWNER.id())).isEqualTo(NOT_FOUND);
    assertThat(memberships.remove(TestOrgs.newId(), alice.id(), OWNER.id())).isEqualTo(NOT_FOUND);
  }

  @Test
  void removing_twice_returns_not_found_the_second_time() {
    join(acme, bob, MEMBER.id(), T0.plusSeconds(1));

    assertThat(memberships.remove(acme.id(), bob.id(), OWNER.id())).isEqualTo(DONE);
    assertThat(memberships.remove(acme.id(), bob.id(), OWNER.id())).isEqualTo(NOT_FOUND);
  }

  @Test
  void removing_the_last_owner_returns_last_owner_and_keeps_the_membership() {
    join(acme, bob, ORG_ADMIN.id(), T0.plusSeconds(1));

    assertThat(memberships.remove(acme.id(), alice.id(), OWNER.id())).isEqualTo(LAST_OWNER);

    assertThat(memberships.find(acme.id(), alice.id())).contains(TestOrgs.ownerOf(acme, alice.id()));
  }

  @Test
  void removing_one_of_two_owners_is_done_and_leaves_the_other_as_the_last() {
    join(acme, bob, OWNER.id(), T0.plusSeconds(1));

    assertThat(memberships.remove(acme.id(), alice.id(), OWNER.id())).isEqualTo(DONE);
    assertThat(memberships.remove(acme.id(), bob.id(), OWNER.id())).isEqualTo(LAST_OWNER);

    assertThat(memberships.listByOrganization(acme.id())).extracting(Membership::userId).containsExactly(bob.id());
  }

  @Test
  void counting_members_with_a_role_counts_only_that_role_in_that_organization() {
    Organization globex = createOrganization("globex", bob);
    join(acme, bob, MEMBER.id(), T0.plusSeconds(1));
    join(acme, carol, MEMBER.id(), T0.plusSeconds(2));
    join(globex, alice, MEMBER.id(), T0.plusSeconds(3));

    assertThat(memberships.countWithRole(acme.id(), MEMBER.id())).isEqualTo(2);
    assertThat(memberships.countWithRole(acme.id(), OWNER.id())).isEqualTo(1);
    assertThat(memberships.countWithRole(acme.id(), ORG_ADMIN.id())).isZero();
    assertThat(memberships.countWithRole(globex.id(), MEMBER.id())).isEqualTo(1);
    assertThat(memberships.countWithRole(TestOrgs.newId(), MEMBER.id())).isZero();
  }

  @Test
  void counting_follows_role_changes_and_removals() {
    Role custom = TestOrgs.customRole(acme.id(), "auditor", T0);
    stores.roles().insert(custom);
    join(acme, bob, custom.id(), T0.plusSeconds(1));
    join(acme, carol, custom.id(), T0.plusSeconds(2));

    memberships.changeRole(acme.id(), bob.id(), MEMBER.id(), OWNER.id(), T0.plusSeconds(3));
    assertThat(memberships.countWithRole(acme.id(), custom.id())).isEqualTo(1);

    memberships.remove(acme.id(), carol.id(), OWNER.id());
    assertThat(memberships.countWithRole(acme.id(), custom.id())).isZero();
  }

  @Test
  void concurrent_adds_of_one_user_let_exactly_one_succeed() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      User joiner = user();
      List<Membership> candidates = IntStream.range(0, threads)
          .mapToObj(i -> TestOrgs.membership(acme.id(), joiner.id(), i % 2 == 0 ? MEMBER.id() : ORG_ADMIN.id(),
              T0.plusSeconds(i + 1)))
          .collect(Collectors.toList());

      List<Outcome<Void>> outcomes = Concurrently.run(threads, i -> memberships.add(candidates.get(i)));

      List<Integer> winners = IntStream.range(0, threads)
          .filter(i -> outcomes.get(i).succeeded())
          .boxed()
          .collect(Collectors.toList());
      assertThat(winners).as("round %d", round).hasSize(1);
      outcomes.stream()
          .filter(outcome -> !outcome.succeeded())
          .forEach(outcome -> assertConflict(outcome.failure(), "already_member"));
      assertThat(memberships.find(acme.id(), joiner.id())).contains(candidates.get(winners.get(0)));
      assertThat(memberships.listByUser(joiner.id())).hasSize(1);
    }
  }

  @Test
  void two_owners_demoting_each_other_at_once_leave_exactly_one_owner() {
    raceTwoOwners((orgId, target) ->
        memberships.changeRole(orgId, target, MEMBER.id(), OWNER.id(), T0.plusSeconds(60)));
  }

  @Test
  void two_owners_removing_each_other_at_once_leave_exactly_one_owner() {
    raceTwoOwners((orgId, target) -> memberships.remove(orgId, target, OWNER.id()));
  }

  /**
   * Two co-owners deleting their accounts at once: in every organization exactly one deletion is done, the other is
   * refused as {@code LAST_OWNER}, and the survivor still owns it.
   */
  @Test
  void two_owners_deleting_their_accounts_at_once_leave_exactly_one_owner() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<List<User>> owners = IntStream.range(0, RACES_PER_ROUND)
          .mapToObj(i -> List.of(user(), user()))
          .collect(Collectors.toList());
      int currentRound = round;
      List<Organization> raced = IntStream.range(0, RACES_PER_ROUND)
          .mapToObj(i -> createOrganization("gone-" + currentRound + "-" + i, owners.get(i).get(0)))
          .collect(Collectors.toList());
      IntStream.range(0, RACES_PER_ROUND)
          .forEach(i -> join(raced.get(i), owners.get(i).get(1), OWNER.id(), T0.plusSeconds(1)));

      List<Outcome<Deletion>> outcomes = Concurrently.call(2 * RACES_PER_ROUND,
          i -> stores.users().delete(owners.get(i / 2).get(i % 2).id(), OWNER.id()));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      for (int race = 0; race < RACES_PER_ROUND; race++) {
        List<Deletion> deletions = List.of(outcomes.get(2 * race).value(), outcomes.get(2 * race + 1).value());
        assertThat(deletions).as("round %d, organization %d", round, race)
            .containsExactlyInAnyOrder(Deletion.DELETED, Deletion.LAST_OWNER);
        User survivor = owners.get(race).get(deletions.indexOf(Deletion.LAST_OWNER));
        assertThat(memberships.listByOrganization(raced.get(race).id())).extracting(Membership::userId)
            .as("round %d, organization %d", round, race).containsExactly(survivor.id());
      }
    }
  }

  /**
   * In each round, {@link #RACES_PER_ROUND} organizations with two owners each (alice and bob) see both owners
   * changed by {@code change} at once; in every organization exactly one change is done, the other is refused as
   * {@code LAST_OWNER}, and one owner remains.
   */
  private void raceTwoOwners(BiFunction<OrgId, UserId, Change> change) {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      int currentRound = round;
      List<Organization> raced = IntStream.range(0, RACES_PER_ROUND)
          .mapToObj(i -> createOrganization("race-" + currentRound + "-" + i, alice))
          .collect(Collectors.toList());
      raced.forEach(organization -> join(organization, bob, OWNER.id(), T0.plusSeconds(1)));
      List<UserId> targets = List.of(alice.id(), bob.id());

      List<Outcome<Change>> outcomes = Concurrently.call(2 * RACES_PER_ROUND,
          i -> change.apply(raced.get(i / 2).id(), targets.get(i % 2)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      for (int race = 0; race < RACES_PER_ROUND; race++) {
        OrgId orgId = raced.get(race).id();
        List<Change> changes = List.of(outcomes.get(2 * race).value(), outcomes.get(2 * race + 1).value());
        assertThat(changes).as("round %d, organization %d", round, race).containsExactlyInAnyOrder(DONE, LAST_OWNER);
        UserId survivor = targets.get(changes.indexOf(LAST_OWNER));
        assertThat(memberships.countWithRole(orgId, OWNER.id())).as("round %d, organization %d", round, race)
            .isEqualTo(1);
        assertThat(memberships.find(orgId, survivor).orElseThrow().roleId()).isEqualTo(OWNER.id());
      }
    }
  }

  /** Adds {@code user} to {@code organization} with {@code roleId} at {@code at} and returns the membership. */
  private Membership join(Organization organization, User user, RoleId roleId, Instant at) {
    Membership membership = TestOrgs.membership(organization.id(), user.id(), roleId, at);
    memberships.add(membership);
    return membership;
  }

  private Organization createOrganization(String slug, User owner) {
    return createOrganization(TestOrgs.newId(), slug, owner);
  }

  private Organization createOrganization(OrgId id, String slug, User owner) {
    Organization organization = new Organization(id, "Org " + slug, slug, T0, T0);
    organizations.create(organization, TestOrgs.ownerOf(organization, owner.id()));
    return organization;
  }

  private User user() {
    return user(TestUsers.newId());
  }

  private User user(UserId id) {
    User user = TestUsers.withId(id, "member-" + UUID.randomUUID() + "@example.io");
    stores.users().insert(user);
    return user;
  }
}
