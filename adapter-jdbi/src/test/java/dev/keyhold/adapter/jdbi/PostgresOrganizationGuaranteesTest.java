package dev.keyhold.adapter.jdbi;

import static dev.keyhold.identity.model.access.BuiltInRoles.MEMBER;
import static dev.keyhold.identity.model.access.BuiltInRoles.ORG_ADMIN;
import static dev.keyhold.identity.model.access.BuiltInRoles.OWNER;
import static dev.keyhold.identity.spi.MembershipRepository.Change.DONE;
import static dev.keyhold.identity.spi.MembershipRepository.Change.LAST_OWNER;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.InvitationRepository.Acceptance;
import dev.keyhold.identity.spi.MembershipRepository.Change;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.testkit.TestOrgs;
import dev.keyhold.identity.testkit.TestUsers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the organization schema and PostgreSQL guarantee beyond the port contracts: the last-owner invariant across
 * nodes (connection pools), what the organization row lock makes wait and what it lets through, and cascades.
 */
class PostgresOrganizationGuaranteesTest {

  private static final Duration BLOCKED_WITHIN = Duration.ofSeconds(10);

  private JdbiStores stores;
  private Jdbi tables;
  private User alice;
  private User bob;

  @BeforeEach
  void emptyTables() {
    stores = EmbeddedDatabase.emptyStores();
    tables = Jdbi.create(EmbeddedDatabase.dataSource());
    alice = user("alice-" + TestUsers.newId() + "@example.io");
    bob = user("bob-" + TestUsers.newId() + "@example.io");
  }

  @Test
  void two_nodes_demoting_and_removing_each_others_owners_always_leave_each_organization_one_owner() {
    int organizationsPerRound = 8;
    List<Function<OrgId, Change>> onNodeA = List.of(
        orgId -> stores.memberships().changeRole(orgId, bob.id(), MEMBER.id(), OWNER.id(), T0.plusSeconds(60)),
        orgId -> stores.memberships().remove(orgId, bob.id(), OWNER.id()));
    try (JdbiStores nodeB = JdbiStores.connect(EmbeddedDatabase.settings(EmbeddedDatabase.SHARED_DATABASE))) {
      List<Function<OrgId, Change>> onNodeB = List.of(
          orgId -> nodeB.memberships().changeRole(orgId, alice.id(), ORG_ADMIN.id(), OWNER.id(), T0.plusSeconds(60)),
          orgId -> nodeB.memberships().remove(orgId, alice.id(), OWNER.id()));
      for (int round = 0; round < Concurrently.ROUNDS; round++) {
        int currentRound = round;
        List<Organization> raced = IntStream.range(0, organizationsPerRound)
            .mapToObj(i -> twoOwners("two-nodes-" + currentRound + "-" + i))
            .collect(Collectors.toList());

        // Thread 2i runs on node A and 2i+1 on node B against organization i; the kind of change varies with
        // the round, the organization and the node.
        List<Outcome<Change>> outcomes = Concurrently.call(2 * organizationsPerRound, i -> {
          OrgId orgId = raced.get(i / 2).id();
          List<Function<OrgId, Change>> node = i % 2 == 0 ? onNodeA : onNodeB;
          return node.get((currentRound + i / 2 + i % 2) % 2).apply(orgId);
        });

        assertThat(outcomes).allMatch(Outcome::succeeded);
        for (int i = 0; i < organizationsPerRound; i++) {
          List<Change> changes = List.of(outcomes.get(2 * i).value(), outcomes.get(2 * i + 1).value());
          assertThat(changes).as("round %d, organization %d", round, i).containsExactlyInAnyOrder(DONE, LAST_OWNER);
          assertThat(ownerRows(raced.get(i).id())).as("round %d, organization %d", round, i).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void a_demotion_waits_for_a_concurrent_one_on_the_organization_row_and_then_sees_it() throws Exception {
    Organization acme = twoOwners("acme");
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (Handle holder = tables.open()) {
      // Another node demotes alice: it locked the organization, counted two owners and is about to commit.
      holder.begin();
      lockOrganization(holder, acme.id());
      holder.createUpdate("UPDATE memberships SET role_id = :member WHERE org_id = :org AND user_id = :user")
          .bind("member", MEMBER.id().value())
          .bind("org", acme.id().value())
          .bind("user", alice.id().value())
          .execute();

      Future<Change> demotion = other.submit(() ->
          stores.memberships().changeRole(acme.id(), bob.id(), MEMBER.id(), OWNER.id(), T0.plusSeconds(60)));
      awaitBlockedBy(holder);
      holder.commit();

      assertThat(demotion.get(BLOCKED_WITHIN.toSeconds(), TimeUnit.SECONDS)).isEqualTo(LAST_OWNER);
    } finally {
      other.shutdownNow();
    }
    assertThat(stores.memberships().find(acme.id(), bob.id()).orElseThrow().roleId()).isEqualTo(OWNER.id());
    assertThat(ownerRows(acme.id())).isEqualTo(1);
  }

  @Test
  void members_join_and_accept_invitations_while_an_owner_change_holds_the_organization_row() {
    Organization acme = twoOwners("acme");
    User carol = user("carol@example.io");
    User dave = user("dave@example.io");
    Invitation invitation = TestOrgs.invitation(acme.id(), "dave@example.io", MEMBER.id(), alice.id(), T0);
    stores.invitations().insertReplacingPending(invitation);
    try (Handle holder = tables.open()) {
      holder.begin();
      lockOrganization(holder, acme.id());

      // Foreign-key checks take FOR KEY SHARE, which FOR NO KEY UPDATE does not block; were it otherwise, these
      // calls would wait for the holder (this thread) until the pool's 10 s socket timeout failed them.
      stores.memberships().add(TestOrgs.membership(acme.id(), carol.id(), MEMBER.id(), T0.plusSeconds(1)));
      Acceptance acceptance = stores.invitations().accept(invitation.tokenHash(),
          TestOrgs.membership(acme.id(), dave.id(), MEMBER.id(), T0.plusSeconds(2)), T0.plusSeconds(2));

      assertThat(acceptance).isEqualTo(Acceptance.ACCEPTED);
      holder.rollback();
    }
    assertThat(stores.memberships().listByOrganization(acme.id())).hasSize(4);
  }

  @Test
  void deleting_an_organization_deletes_the_custom_roles_its_members_and_invitations_hold() {
    Organization acme = twoOwners("acme");
    Role auditor = TestOrgs.customRole(acme.id(), "auditor", T0);
    stores.roles().insert(auditor);
    User carol = user("carol@example.io");
    stores.memberships().add(TestOrgs.membership(acme.id(), carol.id(), auditor.id(), T0.plusSeconds(1)));
    stores.invitations().insertReplacingPending(
        TestOrgs.invitation(acme.id(), "dave@example.io", auditor.id(), alice.id(), T0));

    assertThat(stores.organizations().delete(acme.id())).isTrue();

    assertThat(stores.roles().findById(auditor.id())).isEmpty();
    assertThat(count("SELECT count(*) FROM memberships")).isZero();
    assertThat(count("SELECT count(*) FROM invitations")).isZero();
    assertThat(count("SELECT count(*) FROM roles")).isEqualTo(5);
  }

  /** A new organization owned by alice, with bob as a second owner. */
  private Organization twoOwners(String slug) {
    Organization organization = TestOrgs.organization(slug);
    stores.organizations().create(organization, TestOrgs.ownerOf(organization, alice.id()));
    stores.memberships().add(TestOrgs.membership(organization.id(), bob.id(), OWNER.id(), T0.plusSeconds(1)));
    return organization;
  }

  /** Locks the organization's row in {@code holder}'s transaction as the repositories do. */
  private static void lockOrganization(Handle holder, OrgId orgId) {
    holder.createQuery("SELECT id FROM organizations WHERE id = :id FOR NO KEY UPDATE")
        .bind("id", orgId.value())
        .mapTo(UUID.class)
        .one();
  }

  private int ownerRows(OrgId orgId) {
    return tables.withHandle(handle -> handle
        .createQuery("SELECT count(*) FROM memberships WHERE org_id = :org AND role_id = :owner")
        .bind("org", orgId.value())
        .bind("owner", OWNER.id().value())
        .mapTo(Integer.class)
        .one());
  }

  private int count(String sql) {
    return tables.withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
  }

  /** Waits, without sleeping, until another backend waits for a lock {@code holder}'s transaction holds. */
  private void awaitBlockedBy(Handle holder) {
    int holderPid = holder.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
    long deadline = System.nanoTime() + BLOCKED_WITHIN.toNanos();
    // Each query runs in a transaction of its own, so it sees the current activity, not a cached snapshot.
    while (tables.withHandle(handle -> handle
        .createQuery("SELECT count(*) FROM pg_stat_activity WHERE :holder = ANY (pg_blocking_pids(pid))")
        .bind("holder", holderPid)
        .mapTo(Integer.class)
        .one()) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no statement waited for the organization's row lock within " + BLOCKED_WITHIN);
      }
      Thread.onSpinWait();
    }
  }

  private User user(String email) {
    User user = TestUsers.withEmail(email);
    stores.users().insert(user);
    return user;
  }
}
