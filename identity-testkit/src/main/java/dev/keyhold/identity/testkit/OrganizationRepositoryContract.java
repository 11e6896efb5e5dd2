package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.Conflicts.assertConflict;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.access.BuiltInRoles;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.OrganizationRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OrganizationRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Organizations reference their members, so each test first stores its users through
 * {@link IdentityStores#users()}, as a database with foreign keys requires; the cascade on delete is checked through
 * the stores' memberships, invitations and roles.
 */
public abstract class OrganizationRepositoryContract {

  private IdentityStores stores;
  private OrganizationRepository organizations;
  private User alice;
  private User bob;

  /**
   * Stores that hold nothing but the built-in roles, called once before each test; the contract uses their
   * {@code users()} to create members and their {@code organizations()} as the repository under test. A
   * database-backed adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    organizations = stores.organizations();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
  }

  @Test
  void a_created_organization_round_trips_every_field_by_id_and_by_slug() {
    Organization organization = TestOrgs.fullyPopulated("aero-soehne");

    organizations.create(organization, TestOrgs.ownerOf(organization, alice.id()));

    assertThat(organizations.findById(organization.id())).contains(organization);
    assertThat(organizations.findBySlug("aero-soehne")).contains(organization);
  }

  @Test
  void an_organization_created_without_the_requirement_reads_back_not_requiring_a_second_factor() {
    Organization organization = create("acme", alice);

    assertThat(organizations.findById(organization.id()).orElseThrow().requireMfa()).isFalse();
    assertThat(organizations.findBySlug("acme").orElseThrow().requireMfa()).isFalse();
  }

  @Test
  void an_organization_created_requiring_a_second_factor_reads_back_requiring_it_by_id_and_by_slug() {
    Organization organization = TestOrgs.organization("acme").withRequireMfa(true, T0);

    organizations.create(organization, TestOrgs.ownerOf(organization, alice.id()));

    assertThat(organizations.findById(organization.id())).contains(organization);
    assertThat(organizations.findBySlug("acme")).contains(organization);
    assertThat(organizations.findById(organization.id()).orElseThrow().requireMfa()).isTrue();
  }

  @Test
  void updating_turns_the_second_factor_requirement_on_and_off() {
    Organization organization = create("acme", alice);
    Organization required = organization.withRequireMfa(true, T0.plusSeconds(60));

    assertThat(organizations.update(required)).isTrue();

    assertThat(organizations.findById(organization.id())).contains(required);
    assertThat(organizations.findBySlug("acme")).contains(required);

    Organization relaxed = required.withRequireMfa(false, T0.plusSeconds(120));

    assertThat(organizations.update(relaxed)).isTrue();

    assertThat(organizations.findById(organization.id())).contains(relaxed);
    assertThat(organizations.findBySlug("acme")).contains(relaxed);
  }

  @Test
  void updating_name_and_slug_replaces_the_second_factor_requirement_with_the_given_one() {
    Organization organization = TestOrgs.fullyPopulated("acme");
    organizations.create(organization, TestOrgs.ownerOf(organization, alice.id()));
    Organization given =
        new Organization(organization.id(), "Acme", "acme-corp", false, organization.createdAt(), T0.plusSeconds(600));

    assertThat(organizations.update(given)).isTrue();

    assertThat(organizations.findBySlug("acme-corp")).contains(given);
  }

  @Test
  void updating_another_organizations_requirement_leaves_this_ones() {
    Organization acme = TestOrgs.fullyPopulated("acme");
    organizations.create(acme, TestOrgs.ownerOf(acme, alice.id()));
    Organization globex = create("globex", bob);

    organizations.update(globex.withRequireMfa(true, T0.plusSeconds(60)));
    organizations.update(globex.withRequireMfa(false, T0.plusSeconds(61)));

    assertThat(organizations.findById(acme.id())).contains(acme);
  }

  @Test
  void creating_an_organization_stores_its_owner_membership() {
    Organization organization = TestOrgs.organization("acme");
    Membership owner = new Membership(
        organization.id(), alice.id(), BuiltInRoles.OWNER.id(), T0.plusNanos(1_000), T0.plusNanos(2_000));

    organizations.create(organization, owner);

    assertThat(stores.memberships().find(organization.id(), alice.id())).contains(owner);
    assertThat(stores.memberships().listByOrganization(organization.id())).containsExactly(owner);
  }

  @Test
  void finding_an_unknown_id_returns_empty() {
    create("acme", alice);

    assertThat(organizations.findById(TestOrgs.newId())).isEmpty();
  }

  @Test
  void finding_an_unknown_slug_returns_empty() {
    create("acme", alice);

    assertThat(organizations.findBySlug("globex")).isEmpty();
  }

  @Test
  void creating_with_a_taken_slug_throws_slug_taken_and_stores_nothing() {
    Organization first = create("acme", alice);
    Organization second = TestOrgs.organization("acme");

    assertConflict(() -> organizations.create(second, TestOrgs.ownerOf(second, bob.id())), "slug_taken");

    assertThat(organizations.findById(second.id())).isEmpty();
    assertThat(organizations.findBySlug("acme")).contains(first);
    assertThat(stores.memberships().find(second.id(), bob.id())).isEmpty();
    assertThat(stores.memberships().listByUser(bob.id())).isEmpty();
  }

  @Test
  void creating_with_an_owner_membership_of_another_organization_is_rejected_and_stores_nothing() {
    Organization organization = TestOrgs.organization("acme");
    Organization other = TestOrgs.organization("globex");
    Membership foreign = TestOrgs.ownerOf(other, alice.id());

    assertThatThrownBy(() -> organizations.create(organization, foreign))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(organizations.findById(organization.id())).isEmpty();
    assertThat(organizations.findBySlug("acme")).isEmpty();
    assertThat(stores.memberships().listByUser(alice.id())).isEmpty();
  }

  @Test
  void updating_replaces_name_slug_and_update_time() {
    Organization organization = create("acme", alice);
    Organization renamed =
        organization.renamed("Acme Corporation", "acme-corp", T0.plusSeconds(60).plusNanos(1_000));

    assertThat(organizations.update(renamed)).isTrue();

    assertThat(organizations.findById(organization.id())).contains(renamed);
    assertThat(organizations.findBySlug("acme-corp")).contains(renamed);
  }

  @Test
  void updating_keeps_the_creation_time() {
    Organization organization = create("acme", alice);
    Instant at = T0.plusSeconds(60);
    Organization claimsOtherCreation =
        new Organization(organization.id(), "Acme 2", "acme-2", T0.minusSeconds(3600), at);

    assertThat(organizations.update(claimsOtherCreation)).isTrue();

    assertThat(organizations.findById(organization.id())).contains(organization.renamed("Acme 2", "acme-2", at));
  }

  @Test
  void updating_frees_the_old_slug() {
    Organization organization = create("acme", alice);

    organizations.update(organization.renamed("Acme", "acme-corp", T0.plusSeconds(60)));

    assertThat(organizations.findBySlug("acme")).isEmpty();
    Organization newcomer = create("acme", bob);
    assertThat(organizations.findBySlug("acme")).contains(newcomer);
  }

  @Test
  void updating_only_the_name_keeps_the_slug_without_a_conflict() {
    Organization organization = create("acme", alice);
    Organization renamed = organization.renamed("Acme Renamed", "acme", T0.plusSeconds(60));

    assertThat(organizations.update(renamed)).isTrue();

    assertThat(organizations.findBySlug("acme")).contains(renamed);
  }

  @Test
  void updating_to_the_slug_of_another_organization_throws_slug_taken_and_changes_nothing() {
    Organization acme = create("acme", alice);
    Organization globex = create("globex", bob);

    assertConflict(() -> organizations.update(acme.renamed("Acme", "globex", T0.plusSeconds(60))), "slug_taken");

    assertThat(organizations.findById(acme.id())).contains(acme);
    assertThat(organizations.findBySlug("acme")).contains(acme);
    assertThat(organizations.findBySlug("globex")).contains(globex);
  }

  @Test
  void updating_an_unknown_organization_returns_false_and_stores_nothing() {
    Organization unknown = TestOrgs.organization("acme");

    assertThat(organizations.update(unknown.renamed("Acme", "acme", T0.plusSeconds(60)))).isFalse();

    assertThat(organizations.findById(unknown.id())).isEmpty();
    assertThat(organizations.findBySlug("acme")).isEmpty();
  }

  @Test
  void the_last_update_written_wins() {
    Organization organization = create("acme", alice);
    Organization second = organization.renamed("Second", "second", T0.plusSeconds(1));
    Organization third = organization.renamed("Third", "third", T0.plusSeconds(2));

    organizations.update(second);
    organizations.update(third);

    assertThat(organizations.findById(organization.id())).contains(third);
    assertThat(organizations.findBySlug("second")).isEmpty();
  }

  @Test
  void deleting_removes_the_organization_and_frees_its_slug() {
    Organization organization = create("acme", alice);

    assertThat(organizations.delete(organization.id())).isTrue();

    assertThat(organizations.findById(organization.id())).isEmpty();
    assertThat(organizations.findBySlug("acme")).isEmpty();
    Organization newcomer = create("acme", bob);
    assertThat(organizations.findBySlug("acme")).contains(newcomer);
  }

  @Test
  void deleting_removes_its_memberships_invitations_and_custom_roles() {
    Organization organization = create("acme", alice);
    stores.memberships().add(TestOrgs.membership(organization.id(), bob.id(), BuiltInRoles.MEMBER.id(), T0));
    Role custom = TestOrgs.customRole(organization.id(), "auditor", T0);
    stores.roles().insert(custom);
    Invitation invitation =
        TestOrgs.invitation(organization.id(), "carol@example.io", custom.id(), alice.id(), T0);
    stores.invitations().insertReplacingPending(invitation);

    assertThat(organizations.delete(organization.id())).isTrue();

    assertThat(stores.memberships().listByOrganization(organization.id())).isEmpty();
    assertThat(stores.memberships().listByUser(alice.id())).isEmpty();
    assertThat(stores.memberships().listByUser(bob.id())).isEmpty();
    assertThat(stores.memberships().find(organization.id(), bob.id())).isEmpty();
    assertThat(stores.invitations().findById(organization.id(), invitation.id())).isEmpty();
    assertThat(stores.invitations().findByTokenHash(invitation.tokenHash())).isEmpty();
    assertThat(stores.roles().findById(custom.id())).isEmpty();
    assertThat(stores.roles().listForOrganization(organization.id()))
        .containsExactly(BuiltInRoles.ORG_ADMIN, BuiltInRoles.MEMBER, BuiltInRoles.OWNER);
  }

  @Test
  void deleting_leaves_other_organizations_their_members_invitations_and_roles() {
    Organization deleted = create("acme", alice);
    Organization kept = create("globex", alice);
    Membership bobInKept = TestOrgs.membership(kept.id(), bob.id(), BuiltInRoles.MEMBER.id(), T0.plusSeconds(1));
    stores.memberships().add(bobInKept);
    Role keptRole = TestOrgs.customRole(kept.id(), "auditor", T0);
    stores.roles().insert(keptRole);
    stores.roles().insert(TestOrgs.customRole(deleted.id(), "auditor", T0));
    Invitation keptInvitation = TestOrgs.invitation(kept.id(), "carol@example.io", keptRole.id(), alice.id(), T0);
    stores.invitations().insertReplacingPending(keptInvitation);
    stores.invitations().insertReplacingPending(
        TestOrgs.invitation(deleted.id(), "carol@example.io", BuiltInRoles.MEMBER.id(), alice.id(), T0));

    organizations.delete(deleted.id());

    assertThat(organizations.findById(kept.id())).contains(kept);
    assertThat(stores.memberships().listByOrganization(kept.id()))
        .containsExactly(TestOrgs.ownerOf(kept, alice.id()), bobInKept);
    assertThat(stores.invitations().findById(kept.id(), keptInvitation.id())).contains(keptInvitation);
    assertThat(stores.roles().findById(keptRole.id())).contains(keptRole);
    for (Role builtIn : BuiltInRoles.ALL) {
      assertThat(stores.roles().findById(builtIn.id())).contains(builtIn);
    }
  }

  @Test
  void deleting_an_unknown_organization_returns_false() {
    create("acme", alice);

    assertThat(organizations.delete(TestOrgs.newId())).isFalse();
  }

  @Test
  void deleting_twice_returns_false_the_second_time() {
    Organization organization = create("acme", alice);

    assertThat(organizations.delete(organization.id())).isTrue();
    assertThat(organizations.delete(organization.id())).isFalse();
  }

  @Test
  void concurrent_creates_with_one_slug_let_exactly_one_succeed() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String slug = "race-" + round;
      List<Organization> candidates = IntStream.range(0, threads)
          .mapToObj(i -> TestOrgs.organization(slug))
          .collect(Collectors.toList());

      List<Outcome<Void>> outcomes = Concurrently.run(threads,
          i -> organizations.create(candidates.get(i), TestOrgs.ownerOf(candidates.get(i), alice.id())));

      List<Integer> winners = IntStream.range(0, threads)
          .filter(i -> outcomes.get(i).succeeded())
          .boxed()
          .collect(Collectors.toList());
      assertThat(winners).as("round %d", round).hasSize(1);
      outcomes.stream()
          .filter(outcome -> !outcome.succeeded())
          .forEach(outcome -> assertConflict(outcome.failure(), "slug_taken"));
      Organization winner = candidates.get(winners.get(0));
      assertThat(organizations.findBySlug(slug)).contains(winner);
      for (Organization candidate : candidates) {
        if (candidate != winner) {
          assertThat(organizations.findById(candidate.id())).isEmpty();
          assertThat(stores.memberships().find(candidate.id(), alice.id())).isEmpty();
        }
      }
      assertThat(stores.memberships().find(winner.id(), alice.id())).isPresent();
    }
  }

  @Test
  void concurrent_renames_to_one_slug_let_exactly_one_succeed() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String slug = "rename-race-" + round;
      int currentRound = round;
      List<Organization> existing = IntStream.range(0, threads)
          .mapToObj(i -> create("org-" + currentRound + "-" + i, alice))
          .collect(Collectors.toList());

      List<Outcome<Boolean>> outcomes = Concurrently.call(threads,
          i -> organizations.update(existing.get(i).renamed("Renamed", slug, T0.plusSeconds(60))));

      List<Integer> winners = IntStream.range(0, threads)
          .filter(i -> outcomes.get(i).succeeded())
          .boxed()
          .collect(Collectors.toList());
      assertThat(winners).as("round %d", round).hasSize(1);
      assertThat(outcomes.get(winners.get(0)).value()).isTrue();
      outcomes.stream()
          .filter(outcome -> !outcome.succeeded())
          .forEach(outcome -> assertConflict(outcome.failure(), "slug_taken"));
      Organization winner = existing.get(winners.get(0));
      assertThat(organizations.findBySlug(slug).orElseThrow().id()).isEqualTo(winner.id());
      for (Organization other : existing) {
        if (other != winner) {
          assertThat(organizations.findById(other.id())).contains(other);
        }
      }
    }
  }

  /** Creates an organization with {@code slug} owned by {@code owner} and returns it. */
  private Organization create(String slug, User owner) {
    Organization organization = TestOrgs.organization(slug);
    organizations.create(organization, TestOrgs.ownerOf(organization, owner.id()));
    return organization;
  }
}
