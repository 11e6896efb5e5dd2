package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.token.PendingEmailChange;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.EmailChangeRepository;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EmailChangeRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Pending changes reference users, so each test first stores its users through
 * {@link IdentityStores#users()}; the mail {@code replaceWithMail} enqueues is read through
 * {@link IdentityStores#mailOutbox()}.
 */
public abstract class EmailChangeRepositoryContract {

  private static final Duration LIFETIME = Duration.ofHours(24);
  private static final Duration LEASE = Duration.ofMinutes(2);

  private IdentityStores stores;
  private EmailChangeRepository changes;
  private MailOutbox outbox;
  private User alice;
  private User bob;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code users()},
   * {@code mailOutbox()} and {@code emailChanges()}. A database-backed adapter empties its tables here (and may
   * return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    changes = stores.emailChanges();
    outbox = stores.mailOutbox();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
  }

  @Test
  void a_change_round_trips_every_field_with_its_mail_and_is_taken_once() {
    PendingEmailChange change = change(alice, "Alice.New@Example.io", new SessionId(UUID.randomUUID()));
    UUID mailId = UUID.randomUUID();

    changes.replaceWithMail(change, mailId, TestMails.message("Alice.New@Example.io"));

    assertThat(outbox.claim(T0, 10, LEASE)).extracting(MailOutbox.Entry::id).containsExactly(mailId);
    assertThat(changes.take(change.hash(), T0.plusSeconds(1))).contains(change);
    assertThat(changes.take(change.hash(), T0.plusSeconds(2))).as("taken already").isEmpty();
  }

  @Test
  void a_change_without_a_requesting_session_round_trips() {
    PendingEmailChange change = change(alice, "alice.new@example.io", null);
    changes.replaceWithMail(change, UUID.randomUUID(), TestMails.message("alice.new@example.io"));

    assertThat(changes.take(change.hash(), T0.plusSeconds(1))).contains(change);
  }

  @Test
  void a_newer_request_replaces_the_users_earlier_one_and_leaves_other_users_alone() {
    PendingEmailChange first = change(alice, "first@example.io", null);
    PendingEmailChange second = change(alice, "second@example.io", null);
    PendingEmailChange bobs = change(bob, "bob.new@example.io", null);
    changes.replaceWithMail(first, UUID.randomUUID(), TestMails.message("first@example.io"));
    changes.replaceWithMail(bobs, UUID.randomUUID(), TestMails.message("bob.new@example.io"));

    changes.replaceWithMail(second, UUID.randomUUID(), TestMails.message("second@example.io"));

    assertThat(changes.take(first.hash(), T0.plusSeconds(1))).as("the replaced link").isEmpty();
    assertThat(changes.take(second.hash(), T0.plusSeconds(1))).contains(second);
    assertThat(changes.take(bobs.hash(), T0.plusSeconds(1))).contains(bobs);
  }

  @Test
  void an_expired_change_is_not_returned_and_is_gone_afterwards() {
    PendingEmailChange change = change(alice, "late@example.io", null);
    changes.replaceWithMail(change, UUID.randomUUID(), TestMails.message("late@example.io"));

    assertThat(changes.take(change.hash(), change.expiresAt())).as("at the expiry instant").isEmpty();
    assertThat(changes.take(change.hash(), T0)).as("removed when found expired").isEmpty();
  }

  @Test
  void an_unknown_hash_is_not_found() {
    assertThat(changes.take(TestTokens.randomHash(), T0)).isEmpty();
  }

  @Test
  void replacing_with_a_hash_in_use_throws_illegal_state_and_enqueues_nothing() {
    PendingEmailChange original = change(alice, "alice.new@example.io", null);
    changes.replaceWithMail(original, UUID.randomUUID(), TestMails.message("alice.new@example.io"));
    outbox.claim(T0, 10, LEASE).forEach(entry -> outbox.markSent(entry.id(), T0));
    PendingEmailChange clash = new PendingEmailChange(original.hash(), bob.id(),
        new Email("bob.new@example.io", "bob.new@example.io"), null, T0, T0.plus(LIFETIME));

    assertThatThrownBy(() -> changes.replaceWithMail(clash, UUID.randomUUID(), TestMails.message("bob.new@x.io")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(outbox.backlog()).isZero();
    assertThat(changes.take(original.hash(), T0.plusSeconds(1))).contains(original);
  }

  @Test
  void deleting_the_user_deletes_their_pending_change() {
    PendingEmailChange change = change(alice, "alice.new@example.io", null);
    changes.replaceWithMail(change, UUID.randomUUID(), TestMails.message("alice.new@example.io"));

    stores.users().delete(alice.id());

    assertThat(changes.take(change.hash(), T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void of_concurrent_takes_of_one_change_exactly_one_gets_it() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      PendingEmailChange change = change(alice, "race" + round + "@example.io", null);
      changes.replaceWithMail(change, UUID.randomUUID(), TestMails.message("race@example.io"));

      List<Outcome<Optional<PendingEmailChange>>> outcomes =
          Concurrently.call(8, i -> changes.take(change.hash(), T0.plusSeconds(1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).filteredOn(outcome -> outcome.value().isPresent()).as("round %d", round).hasSize(1);
    }
  }

  private static PendingEmailChange change(User user, String newAddress, SessionId session) {
    Email email = Email.parse(newAddress);
    return new PendingEmailChange(TestTokens.randomHash(), user.id(), email, session, T0, T0.plus(LIFETIME));
  }
}
