package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.model.token.OneTimeTokenPurpose.RESET_PASSWORD;
import static dev.keyhold.identity.model.token.OneTimeTokenPurpose.VERIFY_EMAIL;
import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.token.OneTimeToken;
import dev.keyhold.identity.model.token.OneTimeTokenPurpose;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.OneTimeTokenRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OneTimeTokenRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Tokens reference users, so each test first stores its users through
 * {@link IdentityStores#users()}, as a database with foreign keys requires.
 *
 * <p>The port has no finder, so the contract reads tokens back through {@code consume}, which returns the token as
 * it was stored, and the mail {@code insertWithMail} enqueues through {@link IdentityStores#mailOutbox()}: it is due
 * from the token's {@code createdAt}.
 */
public abstract class OneTimeTokenRepositoryContract {

  private static final Duration LEASE = Duration.ofMinutes(2);

  private OneTimeTokenRepository oneTimeTokens;
  private MailOutbox outbox;
  private User alice;
  private User bob;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code users()} to create the
   * users its tokens belong to and their {@code oneTimeTokens()} as the repository under test. A database-backed
   * adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    IdentityStores stores = createEmpty();
    oneTimeTokens = stores.oneTimeTokens();
    outbox = stores.mailOutbox();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
  }

  @Test
  void consuming_returns_the_token_as_it_was_stored() {
    OneTimeToken token = new OneTimeToken(
        TestTokens.randomHash(), RESET_PASSWORD, alice.id(), T0, T0.plus(17, ChronoUnit.MINUTES), null);
    oneTimeTokens.insert(token);

    assertThat(oneTimeTokens.consume(token.hash(), RESET_PASSWORD, T0.plusSeconds(1))).contains(token);
  }

  @Test
  void consuming_a_token_twice_returns_it_only_once() {
    OneTimeToken token = insert(alice, VERIFY_EMAIL);

    assertThat(oneTimeTokens.consume(token.hash(), VERIFY_EMAIL, T0.plusSeconds(1))).contains(token);
    assertThat(oneTimeTokens.consume(token.hash(), VERIFY_EMAIL, T0.plusSeconds(2))).isEmpty();
  }

  @Test
  void consuming_an_unknown_token_returns_empty() {
    insert(alice, VERIFY_EMAIL);

    assertThat(oneTimeTokens.consume(TestTokens.randomHash(), VERIFY_EMAIL, T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void consuming_with_the_wrong_purpose_returns_empty_and_leaves_the_token_usable() {
    OneTimeToken token = insert(alice, VERIFY_EMAIL);

    assertThat(oneTimeTokens.consume(token.hash(), RESET_PASSWORD, T0.plusSeconds(1))).isEmpty();

    assertThat(oneTimeTokens.consume(token.hash(), VERIFY_EMAIL, T0.plusSeconds(2))).contains(token);
  }

  @Test
  void consuming_at_the_expiry_instant_returns_empty() {
    OneTimeToken token = insert(alice, RESET_PASSWORD);

    assertThat(oneTimeTokens.consume(token.hash(), RESET_PASSWORD, token.expiresAt())).isEmpty();
  }

  @Test
  void consuming_after_expiry_returns_empty() {
    OneTimeToken token = insert(alice, RESET_PASSWORD);

    assertThat(oneTimeTokens.consume(token.hash(), RESET_PASSWORD, token.expiresAt().plusSeconds(1))).isEmpty();
  }

  @Test
  void consuming_a_microsecond_before_expiry_returns_the_token() {
    OneTimeToken token = insert(alice, RESET_PASSWORD);

    assertThat(oneTimeTokens.consume(token.hash(), RESET_PASSWORD, token.expiresAt().minus(1, ChronoUnit.MICROS)))
        .contains(token);
  }

  @Test
  void a_token_stored_as_used_cannot_be_consumed() {
    OneTimeToken used = new OneTimeToken(
        TestTokens.randomHash(), VERIFY_EMAIL, alice.id(), T0, T0.plusSeconds(3600), T0.plusSeconds(10));
    oneTimeTokens.insert(used);

    assertThat(oneTimeTokens.consume(used.hash(), VERIFY_EMAIL, T0.plusSeconds(20))).isEmpty();
  }

  @Test
  void inserting_a_token_with_an_existing_hash_throws_illegal_state_and_keeps_the_original() {
    OneTimeToken original = insert(alice, VERIFY_EMAIL);
    OneTimeToken clash =
        new OneTimeToken(original.hash(), RESET_PASSWORD, bob.id(), T0.plusSeconds(5), T0.plusSeconds(600), null);

    assertThatThrownBy(() -> oneTimeTokens.insert(clash)).isInstanceOf(IllegalStateException.class);

    assertThat(oneTimeTokens.consume(original.hash(), RESET_PASSWORD, T0.plusSeconds(10))).isEmpty();
    assertThat(oneTimeTokens.consume(original.hash(), VERIFY_EMAIL, T0.plusSeconds(10))).contains(original);
  }

  @Test
  void inserting_with_mail_stores_the_token_and_enqueues_the_mail_due_at_the_tokens_creation() {
    OneTimeToken token = TestTokens.oneTimeToken(alice.id(), VERIFY_EMAIL, T0);
    UUID mailId = UUID.randomUUID();
    Mailer.Message mail = TestMails.fullyPopulated(alice.email().normalized());

    oneTimeTokens.insertWithMail(token, mailId, mail);

    assertThat(outbox.backlog()).isEqualTo(1);
    assertThat(outbox.claim(T0, 10, LEASE))
        .containsExactly(new MailOutbox.Entry(mailId, mail, T0, 1, T0.plus(LEASE), null));
    assertThat(oneTimeTokens.consume(token.hash(), VERIFY_EMAIL, T0.plusSeconds(1))).contains(token);
  }

  @Test
  void inserting_with_mail_a_token_with_an_existing_hash_throws_illegal_state_and_enqueues_nothing() {
    OneTimeToken original = insert(alice, VERIFY_EMAIL);
    OneTimeToken clash =
        new OneTimeToken(original.hash(), RESET_PASSWORD, bob.id(), T0.plusSeconds(5), T0.plusSeconds(600), null);

    assertThatThrownBy(() -> oneTimeTokens.insertWithMail(clash, UUID.randomUUID(), TestMails.message("bob@x.io")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(outbox.backlog()).isZero();
    assertThat(outbox.claim(T0.plus(Duration.ofDays(365)), 10, LEASE)).isEmpty();
    assertThat(oneTimeTokens.consume(original.hash(), VERIFY_EMAIL, T0.plusSeconds(10))).contains(original);
  }

  @Test
  void invalidating_makes_the_users_unused_tokens_of_that_purpose_unusable_and_counts_them() {
    OneTimeToken first = insert(alice, VERIFY_EMAIL);
    OneTimeToken second = insert(alice, VERIFY_EMAIL);
    Instant now = T0.plusSeconds(60);

    assertThat(oneTimeTokens.invalidateAll(alice.id(), VERIFY_EMAIL, now)).isEqualTo(2);

    assertThat(oneTimeTokens.consume(first.hash(), VERIFY_EMAIL, now.plusSeconds(1))).isEmpty();
    assertThat(oneTimeTokens.consume(second.hash(), VERIFY_EMAIL, now.plusSeconds(1))).isEmpty();
  }

  @Test
  void invalidating_leaves_other_users_and_other_purposes_untouched() {
    insert(alice, VERIFY_EMAIL);
    OneTimeToken alicesReset = insert(alice, RESET_PASSWORD);
    OneTimeToken bobsVerify = insert(bob, VERIFY_EMAIL);
    Instant now = T0.plusSeconds(60);

    assertThat(oneTimeTokens.invalidateAll(alice.id(), VERIFY_EMAIL, now)).isEqualTo(1);

    assertThat(oneTimeTokens.consume(alicesReset.hash(), RESET_PASSWORD, now.plusSeconds(1))).contains(alicesReset);
    assertThat(oneTimeTokens.consume(bobsVerify.hash(), VERIFY_EMAIL, now.plusSeconds(1))).contains(bobsVerify);
  }

  @Test
  void invalidating_does_not_count_tokens_already_used() {
    OneTimeToken consumed = insert(alice, VERIFY_EMAIL);
    oneTimeTokens.consume(consumed.hash(), VERIFY_EMAIL, T0.plusSeconds(1));
    oneTimeTokens.insert(new OneTimeToken(
        TestTokens.randomHash(), VERIFY_EMAIL, alice.id(), T0, T0.plusSeconds(3600), T0.plusSeconds(2)));
    insert(alice, VERIFY_EMAIL);

    assertThat(oneTimeTokens.invalidateAll(alice.id(), VERIFY_EMAIL, T0.plusSeconds(60))).isEqualTo(1);
  }

  @Test
  void invalidating_twice_counts_nothing_the_second_time() {
    insert(alice, RESET_PASSWORD);

    assertThat(oneTimeTokens.invalidateAll(alice.id(), RESET_PASSWORD, T0.plusSeconds(60))).isEqualTo(1);
    assertThat(oneTimeTokens.invalidateAll(alice.id(), RESET_PASSWORD, T0.plusSeconds(61))).isZero();
  }

  @Test
  void invalidating_when_the_user_has_no_tokens_returns_zero() {
    insert(bob, RESET_PASSWORD);

    assertThat(oneTimeTokens.invalidateAll(alice.id(), RESET_PASSWORD, T0.plusSeconds(60))).isZero();
  }

  @Test
  void a_token_issued_after_invalidation_works() {
    insert(alice, RESET_PASSWORD);
    Instant now = T0.plusSeconds(60);
    oneTimeTokens.invalidateAll(alice.id(), RESET_PASSWORD, now);
    OneTimeToken fresh = TestTokens.oneTimeToken(alice.id(), RESET_PASSWORD, now.plusSeconds(1));
    oneTimeTokens.insert(fresh);

    assertThat(oneTimeTokens.consume(fresh.hash(), RESET_PASSWORD, now.plusSeconds(2))).contains(fresh);
  }

  @Test
  void concurrent_consumption_of_one_token_returns_it_exactly_once() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      OneTimeToken token = insert(alice, RESET_PASSWORD);

      List<Outcome<Optional<OneTimeToken>>> outcomes =
          Concurrently.call(32, i -> oneTimeTokens.consume(token.hash(), RESET_PASSWORD, T0.plusSeconds(1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes)
          .filteredOn(outcome -> outcome.value().isPresent())
          .as("round %d", round)
          .singleElement()
          .satisfies(outcome -> assertThat(outcome.value()).contains(token));
    }
  }

  @Test
  void consumption_racing_invalidation_lets_exactly_one_call_take_the_token() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      OneTimeToken token = insert(alice, RESET_PASSWORD);

      List<Outcome<Integer>> outcomes = Concurrently.call(16, i -> i % 2 == 0
          ? oneTimeTokens.consume(token.hash(), RESET_PASSWORD, T0.plusSeconds(1)).map(consumed -> 1).orElse(0)
          : oneTimeTokens.invalidateAll(alice.id(), RESET_PASSWORD, T0.plusSeconds(1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes.stream().mapToInt(Outcome::value).sum()).as("round %d", round).isEqualTo(1);
    }
  }

  /** Stores a fresh unused token of {@code user} and {@code purpose}, created at T0, and returns it. */
  private OneTimeToken insert(User user, OneTimeTokenPurpose purpose) {
    OneTimeToken token = TestTokens.oneTimeToken(user.id(), purpose, T0);
    oneTimeTokens.insert(token);
    return token;
  }
}
