package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TotpCredentialRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Credentials reference users, so each test first stores its users through
 * {@link IdentityStores#users()}, as a database with foreign keys requires.
 *
 * <p>Steps are RFC 6238 time steps (seconds since the epoch over 30); the contract uses some beyond the range of an
 * {@code int}, as they will be in the year 4011, so a store that narrows them fails.
 */
public abstract class TotpCredentialRepositoryContract {

  /** A time step of 2026. */
  private static final long STEP = 59_000_000L;

  /** A time step beyond {@link Integer#MAX_VALUE}. */
  private static final long FAR_STEP = 3_000_000_000L;

  private TotpCredentialRepository credentials;
  private User alice;
  private User bob;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code users()} to create the
   * users its credentials belong to and their {@code totpCredentials()} as the repository under test. A
   * database-backed adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    IdentityStores stores = createEmpty();
    credentials = stores.totpCredentials();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
  }

  @Test
  void finding_a_user_without_a_credential_returns_empty() {
    credentials.savePending(pending(bob, T0));

    assertThat(credentials.find(alice.id())).isEmpty();
  }

  @Test
  void a_saved_pending_credential_round_trips_every_field() {
    TotpCredential pending = TotpCredential.pending(alice.id(), longestSealedSecret(), T0);

    assertThat(credentials.savePending(pending)).isTrue();

    assertThat(credentials.find(alice.id())).contains(pending);
    assertThat(credentials.find(alice.id()).orElseThrow().confirmed()).isFalse();
  }

  @Test
  void saving_a_pending_credential_replaces_the_users_pending_one() {
    credentials.savePending(pending(alice, T0));
    TotpCredential restarted = pending(alice, T0.plusSeconds(90));

    assertThat(credentials.savePending(restarted)).isTrue();

    assertThat(credentials.find(alice.id())).contains(restarted);
  }

  @Test
  void saving_a_pending_credential_never_replaces_a_confirmed_one_and_returns_false() {
    TotpCredential original = pending(alice, T0);
    credentials.savePending(original);
    Instant confirmedAt = T0.plusSeconds(30);
    credentials.confirm(alice.id(), STEP, confirmedAt);

    assertThat(credentials.savePending(pending(alice, T0.plusSeconds(60)))).isFalse();

    assertThat(credentials.find(alice.id())).contains(confirmed(original, confirmedAt, STEP));
  }

  @Test
  void a_pending_credential_can_be_saved_again_once_the_confirmed_one_is_deleted() {
    credentials.savePending(pending(alice, T0));
    credentials.confirm(alice.id(), STEP, T0.plusSeconds(30));
    credentials.delete(alice.id());
    TotpCredential again = pending(alice, T0.plusSeconds(60));

    assertThat(credentials.savePending(again)).isTrue();

    assertThat(credentials.find(alice.id())).contains(again);
  }

  @Test
  void confirming_a_pending_credential_records_the_time_and_the_step_and_keeps_the_rest() {
    TotpCredential pending = pending(alice, T0);
    credentials.savePending(pending);
    Instant at = T0.plusSeconds(45).plusNanos(1_000);

    assertThat(credentials.confirm(alice.id(), STEP, at)).isTrue();

    TotpCredential stored = credentials.find(alice.id()).orElseThrow();
    assertThat(stored).isEqualTo(confirmed(pending, at, STEP));
    assertThat(stored.confirmed()).isTrue();
  }

  @Test
  void confirming_keeps_a_step_beyond_the_range_of_an_int() {
    TotpCredential pending = pending(alice, T0);
    credentials.savePending(pending);

    assertThat(credentials.confirm(alice.id(), FAR_STEP, T0.plusSeconds(30))).isTrue();

    assertThat(credentials.find(alice.id()).orElseThrow().lastUsedStep()).isEqualTo(FAR_STEP);
    assertThat(credentials.useStep(alice.id(), FAR_STEP)).isFalse();
    assertThat(credentials.useStep(alice.id(), FAR_STEP + 1)).isTrue();
  }

  @Test
  void confirming_without_a_credential_returns_false_and_stores_nothing() {
    assertThat(credentials.confirm(alice.id(), STEP, T0.plusSeconds(30))).isFalse();

    assertThat(credentials.find(alice.id())).isEmpty();
  }

  @Test
  void confirming_a_confirmed_credential_returns_false_and_keeps_the_first_confirmation() {
    TotpCredential pending = pending(alice, T0);
    credentials.savePending(pending);
    credentials.confirm(alice.id(), STEP, T0.plusSeconds(30));

    assertThat(credentials.confirm(alice.id(), STEP + 5, T0.plusSeconds(180))).isFalse();

    assertThat(credentials.find(alice.id())).contains(confirmed(pending, T0.plusSeconds(30), STEP));
  }

  @Test
  void the_step_that_confirmed_a_credential_cannot_be_used_nor_any_earlier_one() {
    credentials.savePending(pending(alice, T0));
    credentials.confirm(alice.id(), STEP, T0.plusSeconds(30));

    assertThat(credentials.useStep(alice.id(), STEP)).isFalse();
    assertThat(credentials.useStep(alice.id(), STEP - 1)).isFalse();

    assertThat(credentials.find(alice.id()).orElseThrow().lastUsedStep()).isEqualTo(STEP);
  }

  @Test
  void using_a_later_step_than_the_last_used_succeeds_and_records_it() {
    TotpCredential pending = pending(alice, T0);
    credentials.savePending(pending);
    credentials.confirm(alice.id(), STEP, T0.plusSeconds(30));

    assertThat(credentials.useStep(alice.id(), STEP + 1)).isTrue();

    assertThat(credentials.find(alice.id())).contains(confirmed(pending, T0.plusSeconds(30), STEP + 1));
  }

  @Test
  void using_a_step_twice_succeeds_only_the_first_time() {
    confirm(alice);

    assertThat(credentials.useStep(alice.id(), STEP + 1)).isTrue();
    assertThat(credentials.useStep(alice.id(), STEP + 1)).isFalse();
  }

  @Test
  void using_an_earlier_step_than_the_last_used_returns_false_and_keeps_the_last_used() {
    confirm(alice);
    credentials.useStep(alice.id(), STEP + 5);

    assertThat(credentials.useStep(alice.id(), STEP + 3)).isFalse();

    assertThat(credentials.find(alice.id()).orElseThrow().lastUsedStep()).isEqualTo(STEP + 5);
    assertThat(credentials.useStep(alice.id(), STEP + 6)).isTrue();
  }

  @Test
  void using_a_step_of_a_pending_credential_returns_false_and_records_nothing() {
    TotpCredential pending = pending(alice, T0);
    credentials.savePending(pending);

    assertThat(credentials.useStep(alice.id(), STEP)).isFalse();

    assertThat(credentials.find(alice.id())).contains(pending);
  }

  @Test
  void using_a_step_without_a_credential_returns_false_and_stores_nothing() {
    assertThat(credentials.useStep(alice.id(), STEP)).isFalse();

    assertThat(credentials.find(alice.id())).isEmpty();
  }

  @Test
  void deleting_a_pending_credential_returns_true_and_removes_it() {
    credentials.savePending(pending(alice, T0));

    assertThat(credentials.delete(alice.id())).isTrue();

    assertThat(credentials.find(alice.id())).isEmpty();
  }

  @Test
  void deleting_a_confirmed_credential_returns_true_and_its_steps_no_longer_work() {
    confirm(alice);

    assertThat(credentials.delete(alice.id())).isTrue();

    assertThat(credentials.find(alice.id())).isEmpty();
    assertThat(credentials.useStep(alice.id(), STEP + 1)).isFalse();
    assertThat(credentials.confirm(alice.id(), STEP + 1, T0.plusSeconds(60))).isFalse();
  }

  @Test
  void deleting_without_a_credential_returns_false() {
    credentials.savePending(pending(bob, T0));

    assertThat(credentials.delete(alice.id())).isFalse();
  }

  @Test
  void deleting_twice_returns_false_the_second_time() {
    confirm(alice);

    assertThat(credentials.delete(alice.id())).isTrue();
    assertThat(credentials.delete(alice.id())).isFalse();
  }

  @Test
  void a_users_credential_is_untouched_by_changes_to_another_users() {
    TotpCredential alices = pending(alice, T0);
    credentials.savePending(alices);
    credentials.confirm(alice.id(), STEP, T0.plusSeconds(30));
    TotpCredential alicesConfirmed = confirmed(alices, T0.plusSeconds(30), STEP);
    TotpCredential bobs = pending(bob, T0.plusSeconds(1));

    assertThat(credentials.savePending(bobs)).as("bob's first pending credential").isTrue();
    assertThat(credentials.useStep(bob.id(), STEP + 1)).as("bob's credential is pending").isFalse();
    assertThat(credentials.confirm(bob.id(), STEP + 2, T0.plusSeconds(60))).isTrue();
    assertThat(credentials.useStep(bob.id(), STEP + 3)).isTrue();
    assertThat(credentials.find(alice.id())).contains(alicesConfirmed);

    assertThat(credentials.delete(bob.id())).isTrue();

    assertThat(credentials.find(alice.id())).contains(alicesConfirmed);
    assertThat(credentials.useStep(alice.id(), STEP + 1)).as("alice's next step").isTrue();
    assertThat(credentials.find(bob.id())).isEmpty();
  }

  @Test
  void a_pending_credential_of_one_user_is_not_blocked_by_another_users_confirmed_one() {
    confirm(alice);
    TotpCredential bobs = pending(bob, T0.plusSeconds(5));

    assertThat(credentials.savePending(bobs)).isTrue();

    assertThat(credentials.find(bob.id())).contains(bobs);
  }

  @Test
  void concurrent_uses_of_one_step_let_exactly_one_succeed() {
    confirm(alice);
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      long step = STEP + 1 + round;

      List<Outcome<Boolean>> outcomes = Concurrently.call(16, i -> credentials.useStep(alice.id(), step));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      assertThat(credentials.find(alice.id()).orElseThrow().lastUsedStep()).isEqualTo(step);
    }
  }

  @Test
  void concurrent_uses_of_different_steps_always_accept_the_latest_and_never_go_back() {
    int threads = 16;
    confirm(alice);
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      long first = STEP + 1 + (long) round * threads;

      List<Outcome<Boolean>> outcomes = Concurrently.call(threads, i -> credentials.useStep(alice.id(), first + i));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes.get(threads - 1).value()).as("the latest step, round %d", round).isTrue();
      assertThat(credentials.find(alice.id()).orElseThrow().lastUsedStep())
          .as("round %d", round).isEqualTo(first + threads - 1);
    }
  }

  @Test
  void concurrent_confirmations_of_one_pending_credential_let_exactly_one_succeed_and_keep_its_step() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      credentials.delete(alice.id());
      TotpCredential pending = pending(alice, T0);
      credentials.savePending(pending);

      List<Outcome<Boolean>> outcomes = Concurrently.call(threads,
          i -> credentials.confirm(alice.id(), STEP + i, T0.plusSeconds(30 + i)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Integer> winners = Concurrently.winners(outcomes);
      assertThat(winners).as("round %d", round).hasSize(1);
      int winner = winners.get(0);
      assertThat(credentials.find(alice.id()))
          .contains(confirmed(pending, T0.plusSeconds(30 + winner), STEP + winner));
    }
  }

  @Test
  void concurrent_saves_racing_a_confirmation_never_replace_the_confirmed_credential() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      credentials.delete(alice.id());
      credentials.savePending(pending(alice, T0));
      List<TotpCredential> restarts = IntStream.range(0, threads)
          .mapToObj(i -> pending(alice, T0.plusSeconds(i + 1)))
          .collect(Collectors.toList());

      // Thread 0 confirms whichever pending credential is there when it runs; the others start enrolment over.
      List<Outcome<Boolean>> outcomes = Concurrently.call(threads, i -> i == 0
          ? credentials.confirm(alice.id(), STEP, T0.plusSeconds(60))
          : credentials.savePending(restarts.get(i)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes.get(0).value()).as("the confirmation, round %d", round).isTrue();
      TotpCredential stored = credentials.find(alice.id()).orElseThrow();
      assertThat(stored.confirmed()).as("round %d", round).isTrue();
      assertThat(stored.lastUsedStep()).isEqualTo(STEP);
      assertThat(credentials.savePending(pending(alice, T0.plusSeconds(120)))).isFalse();
    }
  }

  // ---------------------------------------------------------------- paging and resealing

  @Test
  void pages_visit_every_credential_pending_or_confirmed_exactly_once() {
    IdentityStores stores = createEmpty();
    credentials = stores.totpCredentials();
    List<User> users = IntStream.range(0, 7).mapToObj(i -> TestUsers.newUser()).toList();
    users.forEach(stores.users()::insert);
    for (int i = 0; i < users.size(); i++) {
      credentials.savePending(pending(users.get(i), T0));
      if (i % 2 == 0) {
        assertThat(credentials.confirm(users.get(i).id(), STEP, T0.plusSeconds(30))).isTrue();
      }
    }

    List<TotpCredential> seen = new ArrayList<>();
    List<TotpCredential> page = credentials.findPage(null, 3);
    int pages = 0;
    while (!page.isEmpty()) {
      assertThat(page).hasSizeLessThanOrEqualTo(3);
      seen.addAll(page);
      pages++;
      page = credentials.findPage(page.get(page.size() - 1).userId(), 3);
    }

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(
        users.stream().map(user -> credentials.find(user.id()).orElseThrow()).toList());
  }

  @Test
  void a_page_of_an_empty_store_is_empty_and_the_limit_must_be_positive() {
    IdentityStores stores = createEmpty();
    credentials = stores.totpCredentials();

    assertThat(credentials.findPage(null, 10)).isEmpty();
    assertThat(credentials.findPage(alice.id(), 10)).isEmpty();
    assertThatThrownBy(() -> credentials.findPage(null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replacing_a_sealed_secret_that_is_as_expected_keeps_confirmation_and_last_step() {
    confirm(alice);
    TotpCredential before = credentials.find(alice.id()).orElseThrow();

    assertThat(credentials.replaceSealedSecret(alice.id(), before.sealedSecret(), "resealed")).isTrue();

    assertThat(credentials.find(alice.id())).contains(new TotpCredential(alice.id(), "resealed", before.createdAt(),
        before.confirmedAt(), before.lastUsedStep()));
  }

  @Test
  void replacing_a_sealed_secret_that_changed_or_of_a_user_without_one_returns_false_and_changes_nothing() {
    TotpCredential pending = pending(alice, T0);
    credentials.savePending(pending);

    assertThat(credentials.replaceSealedSecret(alice.id(), "sealed:other", "resealed")).isFalse();
    assertThat(credentials.replaceSealedSecret(bob.id(), pending.sealedSecret(), "resealed")).isFalse();

    assertThat(credentials.find(alice.id())).contains(pending);
    assertThat(credentials.find(bob.id())).isEmpty();
  }

  @Test
  void a_reseal_racing_a_restarted_enrolment_never_overwrites_the_new_secret() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      credentials.delete(alice.id());
      TotpCredential original = pending(alice, T0);
      credentials.savePending(original);
      TotpCredential restarted = pending(alice, T0.plusSeconds(60));
      String resealed = "resealed:" + round;

      List<Outcome<Boolean>> outcomes = Concurrently.call(2, i -> i == 0
          ? credentials.replaceSealedSecret(alice.id(), original.sealedSecret(), resealed)
          : credentials.savePending(restarted));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes.get(1).value()).as("the restart, round %d", round).isTrue();
      assertThat(credentials.find(alice.id())).as("round %d", round).contains(restarted);
    }
  }

  /** A pending credential of {@code user} with a fresh sealed secret, created at {@code createdAt}. */
  private static TotpCredential pending(User user, Instant createdAt) {
    return TotpCredential.pending(user.id(), "sealed:" + UUID.randomUUID(), createdAt);
  }

  /** {@code pending} as it looks after being confirmed at {@code at} with a code of {@code step}. */
  private static TotpCredential confirmed(TotpCredential pending, Instant at, long step) {
    return new TotpCredential(pending.userId(), pending.sealedSecret(), pending.createdAt(), at, step);
  }

  /** Stores a pending credential of {@code user} and confirms it with a code of {@link #STEP}. */
  private void confirm(User user) {
    credentials.savePending(pending(user, T0));
    assertThat(credentials.confirm(user.id(), STEP, T0.plusSeconds(30))).isTrue();
  }

  /** A sealed secret of the greatest length a store must hold; stores treat it as opaque text. */
  private static String longestSealedSecret() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder secret = new StringBuilder(TotpCredential.MAX_SEALED_LENGTH);
    for (int i = 0; i < TotpCredential.MAX_SEALED_LENGTH; i++) {
      secret.append(alphabet.charAt((i * 7) % alphabet.length()));
    }
    return secret.toString();
  }
}
