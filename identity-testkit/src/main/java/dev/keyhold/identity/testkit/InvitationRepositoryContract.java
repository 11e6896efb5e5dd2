package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.model.access.BuiltInRoles.MEMBER;
import static dev.keyhold.identity.model.access.BuiltInRoles.ORG_ADMIN;
import static dev.keyhold.identity.spi.InvitationRepository.Acceptance.ACCEPTED;
import static dev.keyhold.identity.spi.InvitationRepository.Acceptance.ALREADY_MEMBER;
import static dev.keyhold.identity.spi.InvitationRepository.Acceptance.NOT_PENDING;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.access.Role;
import dev.keyhold.identity.model.org.Invitation;
import dev.keyhold.identity.model.org.InvitationId;
import dev.keyhold.identity.model.org.Membership;
import dev.keyhold.identity.model.org.Organization;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.InvitationRepository;
import dev.keyhold.identity.spi.InvitationRepository.Acceptance;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.MembershipRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link InvitationRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Invitations reference organizations, roles and users, so each test first stores them through
 * the other repositories of {@link IdentityStores}, as a database with foreign keys requires; accepted memberships
 * are read back through {@link IdentityStores#memberships()}.
 *
 * <p>An invitation is pending at {@code now} while it is neither accepted nor revoked and {@code now} is before its
 * {@code expiresAt} ({@link Invitation#statusAt}); "every other pending invitation" replaced by a new one means those
 * pending at the new one's {@code createdAt}, so an expired invitation stays expired rather than becoming revoked.
 * The mail of {@code insertReplacingPending(invitation, mailId, mail)} is read back through
 * {@link IdentityStores#mailOutbox()}: it is due from the invitation's {@code createdAt}.
 */
public abstract class InvitationRepositoryContract {

  private static final String BOBS_ADDRESS = "Bob@Example.io";

  private IdentityStores stores;
  private InvitationRepository invitations;
  private MembershipRepository memberships;
  private User alice;
  private User bob;
  private User carol;
  private Organization acme;
  private Organization globex;

  /**
   * Stores that hold nothing but the built-in roles, called once before each test; the contract uses their
   * {@code users()}, {@code organizations()} and {@code roles()} to create what invitations refer to, their
   * {@code memberships()} to read back accepted invitations, and their {@code invitations()} as the repository under
   * test. A database-backed adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    invitations = stores.invitations();
    memberships = stores.memberships();
    alice = user("alice@example.io");
    bob = user(BOBS_ADDRESS);
    carol = user("carol@example.io");
    acme = TestOrgs.organization("acme");
    globex = TestOrgs.organization("globex");
    stores.organizations().create(acme, TestOrgs.ownerOf(acme, alice.id()));
    stores.organizations().create(globex, TestOrgs.ownerOf(globex, alice.id()));
  }

  @Test
  void an_inserted_invitation_round_trips_every_field_by_id_and_by_token_hash() {
    Invitation invitation = TestOrgs.invitation(acme.id(), "  B\u00f6b.Smith@Example.IO ", ORG_ADMIN.id(), alice.id(),
        T0.plusNanos(3_000), T0.plus(Duration.ofDays(3)).plusNanos(9_000));

    invitations.insertReplacingPending(invitation);

    assertThat(invitations.findById(acme.id(), invitation.id())).contains(invitation);
    assertThat(invitations.findByTokenHash(invitation.tokenHash())).contains(invitation);
  }

  @Test
  void inserting_with_mail_stores_the_invitation_replaces_pending_ones_and_enqueues_the_mail() {
    Invitation older = invite(acme, BOBS_ADDRESS, T0);
    Instant createdAt = T0.plusSeconds(30);
    Invitation invitation = TestOrgs.invitation(acme.id(), BOBS_ADDRESS, MEMBER.id(), alice.id(), createdAt);
    UUID mailId = UUID.randomUUID();
    Mailer.Message mail = TestMails.fullyPopulated(invitation.email().normalized());
    Duration lease = Duration.ofMinutes(2);

    invitations.insertReplacingPending(invitation, mailId, mail);

    assertThat(invitations.findByTokenHash(invitation.tokenHash())).contains(invitation);
    assertThat(invitations.findById(acme.id(), older.id())).contains(TestOrgs.revokedAt(older, createdAt));
    MailOutbox outbox = stores.mailOutbox();
    assertThat(outbox.backlog()).isEqualTo(1);
    assertThat(outbox.claim(createdAt, 10, lease))
        .containsExactly(new MailOutbox.Entry(mailId, mail, createdAt, 1, createdAt.plus(lease), null));
  }

  @Test
  void inserting_without_mail_enqueues_nothing() {
    invite(acme, BOBS_ADDRESS, T0);

    assertThat(stores.mailOutbox().backlog()).isZero();
  }

  @Test
  void an_invitation_with_a_custom_role_round_trips() {
    Role custom = TestOrgs.customRole(acme.id(), "auditor", T0);
    stores.roles().insert(custom);
    Invitation invitation = TestOrgs.invitation(acme.id(), BOBS_ADDRESS, custom.id(), alice.id(), T0);

    invitations.insertReplacingPending(invitation);

    assertThat(invitations.findById(acme.id(), invitation.id())).contains(invitation);
  }

  @Test
  void finding_an_unknown_id_returns_empty() {
    invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.findById(acme.id(), new InvitationId(UUID.randomUUID()))).isEmpty();
  }

  @Test
  void finding_another_organizations_invitation_by_id_returns_empty() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.findById(globex.id(), invitation.id())).isEmpty();
    assertThat(invitations.findById(TestOrgs.newId(), invitation.id())).isEmpty();
  }

  @Test
  void finding_an_unknown_token_hash_returns_empty() {
    invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.findByTokenHash(TestTokens.randomHash())).isEmpty();
  }

  @Test
  void invitations_are_found_in_every_state() {
    Instant now = T0.plus(Duration.ofDays(30));
    Invitation accepted = invite(acme, BOBS_ADDRESS, T0);
    invitations.accept(accepted.tokenHash(), member(acme, bob), T0.plusSeconds(10));
    Invitation revoked = invite(acme, "carol@example.io", T0.plusSeconds(1));
    invitations.revoke(acme.id(), revoked.id(), T0.plusSeconds(20));
    Invitation expired = invite(acme, "dave@example.io", T0.plusSeconds(2));
    Invitation pending = invite(acme, "erin@example.io", now.minusSeconds(1));

    assertThat(invitations.findByTokenHash(accepted.tokenHash()))
        .contains(TestOrgs.acceptedAt(accepted, bob.id(), T0.plusSeconds(10)));
    assertThat(invitations.findByTokenHash(revoked.tokenHash()))
        .contains(TestOrgs.revokedAt(revoked, T0.plusSeconds(20)));
    assertThat(invitations.findByTokenHash(expired.tokenHash())).contains(expired);
    assertThat(invitations.findByTokenHash(pending.tokenHash())).contains(pending);
    assertThat(invitations.findById(acme.id(), accepted.id()))
        .contains(TestOrgs.acceptedAt(accepted, bob.id(), T0.plusSeconds(10)));
    assertThat(invitations.findById(acme.id(), revoked.id()))
        .contains(TestOrgs.revokedAt(revoked, T0.plusSeconds(20)));
    assertThat(invitations.findById(acme.id(), expired.id())).contains(expired);
  }

  @Test
  void a_new_invitation_revokes_older_pending_ones_to_the_same_normalized_address_at_its_creation_time() {
    Invitation first = invite(acme, "bob@example.io", T0);
    Invitation second = invite(acme, "BOB@EXAMPLE.IO", T0.plusSeconds(10));
    Instant replacedAt = T0.plusSeconds(20).plusNanos(4_000);

    Invitation third = invite(acme, BOBS_ADDRESS, replacedAt);

    assertThat(invitations.findById(acme.id(), first.id())).contains(TestOrgs.revokedAt(first, T0.plusSeconds(10)));
    assertThat(invitations.findById(acme.id(), second.id())).contains(TestOrgs.revokedAt(second, replacedAt));
    assertThat(invitations.findById(acme.id(), third.id())).contains(third);
    assertThat(invitations.listPending(acme.id(), replacedAt)).containsExactly(third);
  }

  @Test
  void a_new_invitation_leaves_pending_invitations_of_other_addresses_alone() {
    Invitation carols = invite(acme, "carol@example.io", T0);

    Invitation bobs = invite(acme, BOBS_ADDRESS, T0.plusSeconds(10));

    assertThat(invitations.findById(acme.id(), carols.id())).contains(carols);
    assertThat(invitations.listPending(acme.id(), T0.plusSeconds(10))).containsExactly(bobs, carols);
  }

  @Test
  void a_new_invitation_leaves_pending_invitations_to_other_organizations_alone() {
    Invitation toGlobex = invite(globex, BOBS_ADDRESS, T0);

    invite(acme, BOBS_ADDRESS, T0.plusSeconds(10));

    assertThat(invitations.findById(globex.id(), toGlobex.id())).contains(toGlobex);
    assertThat(invitations.hasPending(globex.id(), bob.email(), T0.plusSeconds(10))).isTrue();
  }

  @Test
  void a_new_invitation_leaves_accepted_revoked_and_expired_invitations_as_they_are() {
    Invitation accepted = invite(acme, BOBS_ADDRESS, T0);
    invitations.accept(accepted.tokenHash(), member(acme, bob), T0.plusSeconds(1));
    Invitation revoked = invite(acme, BOBS_ADDRESS, T0.plusSeconds(2));
    invitations.revoke(acme.id(), revoked.id(), T0.plusSeconds(3));
    Invitation expired = invite(acme, BOBS_ADDRESS, T0.plusSeconds(4), T0.plusSeconds(5));

    invite(acme, BOBS_ADDRESS, T0.plusSeconds(5));

    assertThat(invitations.findById(acme.id(), accepted.id()))
        .contains(TestOrgs.acceptedAt(accepted, bob.id(), T0.plusSeconds(1)));
    assertThat(invitations.findById(acme.id(), revoked.id()))
        .contains(TestOrgs.revokedAt(revoked, T0.plusSeconds(3)));
    assertThat(invitations.findById(acme.id(), expired.id())).contains(expired);
  }

  @Test
  void pending_invitations_are_listed_newest_first() {
    Invitation oldest = invite(acme, "bob@example.io", T0);
    Invitation newest = invite(acme, "carol@example.io", T0.plusSeconds(20));
    Invitation middle = invite(acme, "dave@example.io", T0.plusSeconds(10));

    assertThat(invitations.listPending(acme.id(), T0.plusSeconds(30))).containsExactly(newest, middle, oldest);
  }

  @Test
  void pending_invitations_exclude_accepted_revoked_and_expired_ones() {
    Instant now = T0.plus(Duration.ofHours(1));
    Invitation accepted = invite(acme, BOBS_ADDRESS, T0);
    invitations.accept(accepted.tokenHash(), member(acme, bob), T0.plusSeconds(1));
    Invitation revoked = invite(acme, "carol@example.io", T0.plusSeconds(2));
    invitations.revoke(acme.id(), revoked.id(), T0.plusSeconds(3));
    invite(acme, "dave@example.io", T0.plusSeconds(4), T0.plusSeconds(5));
    invite(acme, "erin@example.io", T0.plusSeconds(6), now);
    Invitation endsJustAfterNow = invite(acme, "frank@example.io", T0.plusSeconds(7), now.plusNanos(1_000));
    Invitation pending = invite(acme, "grace@example.io", T0.plusSeconds(8));

    assertThat(invitations.listPending(acme.id(), now)).containsExactly(pending, endsJustAfterNow);
  }

  @Test
  void pending_invitations_exclude_other_organizations_invitations() {
    Invitation acmes = invite(acme, BOBS_ADDRESS, T0);
    invite(globex, "carol@example.io", T0.plusSeconds(1));

    assertThat(invitations.listPending(acme.id(), T0.plusSeconds(2))).containsExactly(acmes);
    assertThat(invitations.listPending(TestOrgs.newId(), T0.plusSeconds(2))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bob@example.io", "BOB@EXAMPLE.IO", " Bob@Example.io "})
  void a_pending_invitation_is_found_by_the_normalized_address(String typed) {
    invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.hasPending(acme.id(), Email.parse(typed), T0.plusSeconds(1))).isTrue();
  }

  @Test
  void there_is_no_pending_invitation_for_other_addresses_or_other_organizations() {
    invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.hasPending(acme.id(), carol.email(), T0.plusSeconds(1))).isFalse();
    assertThat(invitations.hasPending(globex.id(), bob.email(), T0.plusSeconds(1))).isFalse();
  }

  @Test
  void accepted_revoked_and_expired_invitations_are_not_pending() {
    Invitation accepted = invite(acme, BOBS_ADDRESS, T0);
    invitations.accept(accepted.tokenHash(), member(acme, bob), T0.plusSeconds(1));
    Invitation revoked = invite(acme, "carol@example.io", T0);
    invitations.revoke(acme.id(), revoked.id(), T0.plusSeconds(1));
    Invitation expiring = invite(acme, "dave@example.io", T0, T0.plusSeconds(60));

    assertThat(invitations.hasPending(acme.id(), bob.email(), T0.plusSeconds(2))).isFalse();
    assertThat(invitations.hasPending(acme.id(), carol.email(), T0.plusSeconds(2))).isFalse();
    assertThat(invitations.hasPending(acme.id(), expiring.email(), T0.plusSeconds(59))).isTrue();
    assertThat(invitations.hasPending(acme.id(), expiring.email(), T0.plusSeconds(60))).isFalse();
  }

  @Test
  void revoking_a_pending_invitation_sets_the_revocation_time_and_succeeds_once() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0);
    Instant now = T0.plusSeconds(30).plusNanos(2_000);

    assertThat(invitations.revoke(acme.id(), invitation.id(), now)).isTrue();
    assertThat(invitations.revoke(acme.id(), invitation.id(), now.plusSeconds(1))).isFalse();

    assertThat(invitations.findById(acme.id(), invitation.id())).contains(TestOrgs.revokedAt(invitation, now));
  }

  @Test
  void revoking_another_organizations_invitation_returns_false_and_leaves_it_pending() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.revoke(globex.id(), invitation.id(), T0.plusSeconds(1))).isFalse();

    assertThat(invitations.findById(acme.id(), invitation.id())).contains(invitation);
  }

  @Test
  void revoking_an_unknown_invitation_returns_false() {
    invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.revoke(acme.id(), new InvitationId(UUID.randomUUID()), T0.plusSeconds(1))).isFalse();
  }

  @Test
  void revoking_an_accepted_invitation_returns_false_and_keeps_it_accepted() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0);
    invitations.accept(invitation.tokenHash(), member(acme, bob), T0.plusSeconds(1));

    assertThat(invitations.revoke(acme.id(), invitation.id(), T0.plusSeconds(2))).isFalse();

    assertThat(invitations.findById(acme.id(), invitation.id()))
        .contains(TestOrgs.acceptedAt(invitation, bob.id(), T0.plusSeconds(1)));
  }

  @Test
  void revoking_an_expired_invitation_returns_false_and_keeps_it_expired() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0, T0.plusSeconds(60));

    assertThat(invitations.revoke(acme.id(), invitation.id(), T0.plusSeconds(60))).isFalse();

    assertThat(invitations.findById(acme.id(), invitation.id())).contains(invitation);
  }

  @Test
  void accepting_marks_the_invitation_accepted_and_stores_the_membership() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0);
    Instant now = T0.plusSeconds(90).plusNanos(5_000);
    Membership membership = new Membership(acme.id(), bob.id(), MEMBER.id(), now, now);

    assertThat(invitations.accept(invitation.tokenHash(), membership, now)).isEqualTo(ACCEPTED);

    assertThat(invitations.findById(acme.id(), invitation.id()))
        .contains(TestOrgs.acceptedAt(invitation, bob.id(), now));
    assertThat(memberships.find(acme.id(), bob.id())).contains(membership);
    assertThat(invitations.listPending(acme.id(), now)).isEmpty();
  }

  @Test
  void accepting_an_unknown_token_returns_not_pending_and_stores_nothing() {
    invite(acme, BOBS_ADDRESS, T0);

    assertThat(invitations.accept(TestTokens.randomHash(), member(acme, bob), T0.plusSeconds(1)))
        .isEqualTo(NOT_PENDING);

    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
  }

  @Test
  void accepting_an_accepted_invitation_again_returns_not_pending_and_stores_nothing() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0);
    invitations.accept(invitation.tokenHash(), member(acme, bob), T0.plusSeconds(1));

    assertThat(invitations.accept(invitation.tokenHash(), member(acme, carol), T0.plusSeconds(2)))
        .isEqualTo(NOT_PENDING);

    assertThat(memberships.find(acme.id(), carol.id())).isEmpty();
    assertThat(invitations.findById(acme.id(), invitation.id()))
        .contains(TestOrgs.acceptedAt(invitation, bob.id(), T0.plusSeconds(1)));
  }

  @Test
  void accepting_a_revoked_invitation_returns_not_pending_and_stores_nothing() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0);
    invitations.revoke(acme.id(), invitation.id(), T0.plusSeconds(1));

    assertThat(invitations.accept(invitation.tokenHash(), member(acme, bob), T0.plusSeconds(2)))
        .isEqualTo(NOT_PENDING);

    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
    assertThat(invitations.findById(acme.id(), invitation.id()))
        .contains(TestOrgs.revokedAt(invitation, T0.plusSeconds(1)));
  }

  @Test
  void accepting_a_replaced_invitation_returns_not_pending() {
    Invitation replaced = invite(acme, BOBS_ADDRESS, T0);
    invite(acme, BOBS_ADDRESS, T0.plusSeconds(1));

    assertThat(invitations.accept(replaced.tokenHash(), member(acme, bob), T0.plusSeconds(2)))
        .isEqualTo(NOT_PENDING);

    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void accepting_at_or_after_expiry_returns_not_pending_and_stores_nothing(long secondsAfterExpiry) {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0, T0.plusSeconds(60));
    Instant now = invitation.expiresAt().plusSeconds(secondsAfterExpiry);

    assertThat(invitations.accept(invitation.tokenHash(), member(acme, bob), now)).isEqualTo(NOT_PENDING);

    assertThat(memberships.find(acme.id(), bob.id())).isEmpty();
    assertThat(invitations.findById(acme.id(), invitation.id())).contains(invitation);
  }

  @Test
  void accepting_just_before_expiry_is_accepted() {
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0, T0.plusSeconds(60));
    Instant now = invitation.expiresAt().minusNanos(1_000);

    assertThat(invitations.accept(invitation.tokenHash(), member(acme, bob), now)).isEqualTo(ACCEPTED);
  }

  @Test
  void accepting_as_a_member_returns_already_member_and_leaves_the_invitation_pending() {
    Membership existing = TestOrgs.membership(acme.id(), bob.id(), ORG_ADMIN.id(), T0);
    memberships.add(existing);
    Invitation invitation = invite(acme, BOBS_ADDRESS, T0.plusSeconds(1));

    assertThat(invitations.accept(invitation.tokenHash(), member(acme, bob), T0.plusSeconds(2)))
        .isEqualTo(ALREADY_MEMBER);

    assertThat(invitations.findById(acme.id(), invitation.id())).contains(invitation);
    assertThat(memberships.find(acme.id(), bob.id())).contains(existing);
    assertThat(invitations.listPending(acme.id(), T0.plusSeconds(2))).containsExactly(invitation);
  }

  @Test
  void sixteen_users_accepting_one_invitation_at_once_let_exactly_one_join() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      Invitation invitation = invite(acme, "shared-" + round + "@example.io", T0);
      List<User> candidates = IntStream.range(0, threads)
          .mapToObj(i -> user("candidate-" + UUID.randomUUID() + "@example.io"))
          .collect(Collectors.toList());
      Instant now = T0.plusSeconds(60);

      List<Outcome<Acceptance>> outcomes = Concurrently.call(threads,
          i -> invitations.accept(invitation.tokenHash(), member(acme, candidates.get(i), now), now));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Integer> winners = IntStream.range(0, threads)
          .filter(i -> outcomes.get(i).value() == ACCEPTED)
          .boxed()
          .collect(Collectors.toList());
      assertThat(winners).as("round %d", round).hasSize(1);
      assertThat(outcomes).filteredOn(outcome -> outcome.value() != ACCEPTED)
          .allSatisfy(outcome -> assertThat(outcome.value()).isEqualTo(NOT_PENDING));
      User winner = candidates.get(winners.get(0));
      List<UserId> joined = candidates.stream()
          .filter(candidate -> memberships.find(acme.id(), candidate.id()).isPresent())
          .map(User::id)
          .collect(Collectors.toList());
      assertThat(joined).as("round %d", round).containsExactly(winner.id());
      assertThat(invitations.findById(acme.id(), invitation.id()))
          .contains(TestOrgs.acceptedAt(invitation, winner.id(), now));
    }
  }

  @Test
  void concurrent_invitations_of_one_address_leave_exactly_one_pending() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String address = "invitee-" + round + "@example.io";
      List<Invitation> candidates = IntStream.range(0, threads)
          .mapToObj(i -> TestOrgs.invitation(acme.id(), address, MEMBER.id(), alice.id(), T0.plusSeconds(i)))
          .collect(Collectors.toList());

      List<Outcome<Void>> outcomes =
          Concurrently.run(threads, i -> invitations.insertReplacingPending(candidates.get(i)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      Instant now = T0.plusSeconds(threads);
      List<Invitation> pending = invitations.listPending(acme.id(), now).stream()
          .filter(invitation -> invitation.email().normalized().equals(address))
          .collect(Collectors.toList());
      assertThat(pending).as("round %d", round).hasSize(1);
      for (Invitation candidate : candidates) {
        assertThat(invitations.findById(acme.id(), candidate.id())).as("round %d", round).isPresent();
      }
    }
  }

  @Test
  void concurrent_revocations_of_one_invitation_report_exactly_one() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      Invitation invitation = invite(acme, "revoked-" + round + "@example.io", T0);

      List<Outcome<Boolean>> outcomes =
          Concurrently.call(16, i -> invitations.revoke(acme.id(), invitation.id(), T0.plusSeconds(i + 1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Integer> winners = Concurrently.winners(outcomes);
      assertThat(winners).as("round %d", round).hasSize(1);
      assertThat(invitations.findById(acme.id(), invitation.id()))
          .contains(TestOrgs.revokedAt(invitation, T0.plusSeconds(winners.get(0) + 1)));
    }
  }

  /** Stores a pending invitation of {@code email} to {@code organization} as a member, sent by alice. */
  private Invitation invite(Organization organization, String email, Instant createdAt) {
    return invite(organization, email, createdAt, createdAt.plus(TestOrgs.INVITATION_LIFETIME));
  }

  private Invitation invite(Organization organization, String email, Instant createdAt, Instant expiresAt) {
    Invitation invitation =
        TestOrgs.invitation(organization.id(), email, MEMBER.id(), alice.id(), createdAt, expiresAt);
    invitations.insertReplacingPending(invitation);
    return invitation;
  }

  /** The membership {@code user} gets by accepting a member invitation to {@code organization} at T0. */
  private static Membership member(Organization organization, User user) {
    return member(organization, user, T0);
  }

  private static Membership member(Organization organization, User user, Instant at) {
    return TestOrgs.membership(organization.id(), user.id(), MEMBER.id(), at);
  }

  @Test
  void deleting_a_user_deletes_the_invitations_addressed_to_them_and_keeps_those_they_sent() {
    Invitation toBob = TestOrgs.invitation(acme.id(), "bob@example.io", MEMBER.id(), alice.id(), T0);
    Invitation acceptedByBob = TestOrgs.acceptedAt(
        TestOrgs.invitation(globex.id(), BOBS_ADDRESS, MEMBER.id(), alice.id(), T0), bob.id(), T0.plusSeconds(1));
    Invitation fromBob = TestOrgs.invitation(acme.id(), "carol@example.io", MEMBER.id(), bob.id(), T0);
    invitations.insertReplacingPending(toBob);
    invitations.insertReplacingPending(acceptedByBob);
    invitations.insertReplacingPending(fromBob);

    stores.users().delete(bob.id());

    assertThat(invitations.findById(acme.id(), toBob.id())).isEmpty();
    assertThat(invitations.findByTokenHash(toBob.tokenHash())).isEmpty();
    assertThat(invitations.findById(globex.id(), acceptedByBob.id())).isEmpty();
    assertThat(invitations.findById(acme.id(), fromBob.id())).contains(fromBob);
  }

  private User user(String email) {
    User user = TestUsers.withEmail(email);
    stores.users().insert(user);
    return user;
  }
}
