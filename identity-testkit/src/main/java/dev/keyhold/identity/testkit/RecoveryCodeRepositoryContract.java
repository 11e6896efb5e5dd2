package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.token.TokenHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.RecoveryCodeRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RecoveryCodeRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Codes reference users, so each test first stores its users through
 * {@link IdentityStores#users()}, as a database with foreign keys requires.
 *
 * <p>The port has no finder, so the contract reads codes back through {@code use} (which tells whether a code was
 * there and unused) and {@code remaining}.
 */
public abstract class RecoveryCodeRepositoryContract {

  private RecoveryCodeRepository codes;
  private User alice;
  private User bob;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code users()} to create the
   * users its codes belong to and their {@code recoveryCodes()} as the repository under test. A database-backed
   * adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    IdentityStores stores = createEmpty();
    codes = stores.recoveryCodes();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
  }

  @Test
  void a_user_without_codes_has_none_remaining_and_none_to_use() {
    codes.replace(bob.id(), newSet(), T0);

    assertThat(codes.remaining(alice.id())).isZero();
    assertThat(codes.use(alice.id(), TestTokens.randomHash(), T0.plusSeconds(1))).isFalse();
  }

  @Test
  void replaced_codes_are_all_unused_and_each_can_be_used() {
    List<TokenHash> set = newSet();

    codes.replace(alice.id(), set, T0);

    assertThat(codes.remaining(alice.id())).isEqualTo(RecoveryCodes.COUNT);
    for (TokenHash code : set) {
      assertThat(codes.use(alice.id(), code, T0.plusSeconds(1))).isTrue();
    }
    assertThat(codes.remaining(alice.id())).isZero();
  }

  @Test
  void a_code_can_be_used_once_only() {
    List<TokenHash> set = replace(alice);

    assertThat(codes.use(alice.id(), set.get(3), T0.plusSeconds(1))).isTrue();
    assertThat(codes.use(alice.id(), set.get(3), T0.plusSeconds(2))).isFalse();
  }

  @Test
  void remaining_counts_only_the_unused_codes() {
    List<TokenHash> set = replace(alice);

    codes.use(alice.id(), set.get(0), T0.plusSeconds(1));
    codes.use(alice.id(), set.get(5), T0.plusSeconds(2));
    codes.use(alice.id(), set.get(9), T0.plusSeconds(3));
    codes.use(alice.id(), set.get(9), T0.plusSeconds(4));

    assertThat(codes.remaining(alice.id())).isEqualTo(RecoveryCodes.COUNT - 3);
  }

  @Test
  void using_an_unknown_code_returns_false_and_uses_nothing() {
    replace(alice);

    assertThat(codes.use(alice.id(), TestTokens.randomHash(), T0.plusSeconds(1))).isFalse();

    assertThat(codes.remaining(alice.id())).isEqualTo(RecoveryCodes.COUNT);
  }

  @Test
  void another_users_code_is_refused_and_stays_usable_by_its_owner() {
    List<TokenHash> alices = replace(alice);
    replace(bob);

    assertThat(codes.use(bob.id(), alices.get(0), T0.plusSeconds(1))).isFalse();

    assertThat(codes.remaining(bob.id())).isEqualTo(RecoveryCodes.COUNT);
    assertThat(codes.remaining(alice.id())).isEqualTo(RecoveryCodes.COUNT);
    assertThat(codes.use(alice.id(), alices.get(0), T0.plusSeconds(2))).isTrue();
  }

  @Test
  void two_users_with_a_code_of_the_same_hash_each_use_their_own_once() {
    TokenHash shared = TestTokens.randomHash();
    codes.replace(alice.id(), List.of(shared, TestTokens.randomHash()), T0);
    codes.replace(bob.id(), List.of(shared), T0);

    assertThat(codes.use(alice.id(), shared, T0.plusSeconds(1))).isTrue();

    assertThat(codes.remaining(bob.id())).as("bob's code is not used by alice's use").isEqualTo(1);
    assertThat(codes.use(alice.id(), shared, T0.plusSeconds(2))).isFalse();
    assertThat(codes.use(bob.id(), shared, T0.plusSeconds(3))).isTrue();
    assertThat(codes.use(bob.id(), shared, T0.plusSeconds(4))).isFalse();
    assertThat(codes.remaining(alice.id())).isEqualTo(1);
  }

  @Test
  void replacing_swaps_the_whole_set_and_the_old_codes_stop_working_used_or_not() {
    List<TokenHash> old = replace(alice);
    codes.use(alice.id(), old.get(0), T0.plusSeconds(1));
    List<TokenHash> fresh = newSet().subList(0, 4);

    codes.replace(alice.id(), fresh, T0.plusSeconds(60));

    assertThat(codes.remaining(alice.id())).isEqualTo(4);
    for (TokenHash code : old) {
      assertThat(codes.use(alice.id(), code, T0.plusSeconds(61))).as("an old code").isFalse();
    }
    assertThat(codes.remaining(alice.id())).isEqualTo(4);
    for (TokenHash code : fresh) {
      assertThat(codes.use(alice.id(), code, T0.plusSeconds(62))).as("a new code").isTrue();
    }
    assertThat(codes.deleteAll(alice.id())).as("the codes there were").isEqualTo(4);
  }

  @Test
  void a_replacement_is_a_new_set_even_for_a_hash_the_old_set_had_used() {
    List<TokenHash> old = replace(alice);
    codes.use(alice.id(), old.get(0), T0.plusSeconds(1));

    codes.replace(alice.id(), List.of(old.get(0), old.get(1)), T0.plusSeconds(60));

    assertThat(codes.remaining(alice.id())).isEqualTo(2);
    assertThat(codes.use(alice.id(), old.get(0), T0.plusSeconds(61))).isTrue();
  }

  @Test
  void replacing_with_no_codes_leaves_none() {
    List<TokenHash> old = replace(alice);

    codes.replace(alice.id(), List.of(), T0.plusSeconds(60));

    assertThat(codes.remaining(alice.id())).isZero();
    assertThat(codes.use(alice.id(), old.get(0), T0.plusSeconds(61))).isFalse();
    assertThat(codes.deleteAll(alice.id())).isZero();
  }

  @Test
  void replacing_leaves_another_users_codes_untouched() {
    List<TokenHash> bobs = replace(bob);
    codes.use(bob.id(), bobs.get(0), T0.plusSeconds(1));
    replace(alice);

    codes.replace(alice.id(), newSet(), T0.plusSeconds(60));

    assertThat(codes.remaining(bob.id())).isEqualTo(RecoveryCodes.COUNT - 1);
    assertThat(codes.use(bob.id(), bobs.get(0), T0.plusSeconds(61))).isFalse();
    assertThat(codes.use(bob.id(), bobs.get(1), T0.plusSeconds(61))).isTrue();
  }

  @Test
  void deleting_all_returns_how_many_there_were_used_or_not_and_leaves_none() {
    List<TokenHash> set = replace(alice);
    codes.use(alice.id(), set.get(0), T0.plusSeconds(1));
    codes.use(alice.id(), set.get(1), T0.plusSeconds(2));

    assertThat(codes.deleteAll(alice.id())).isEqualTo(RecoveryCodes.COUNT);

    assertThat(codes.remaining(alice.id())).isZero();
    assertThat(codes.use(alice.id(), set.get(2), T0.plusSeconds(3))).isFalse();
  }

  @Test
  void deleting_all_twice_returns_zero_the_second_time() {
    replace(alice);

    assertThat(codes.deleteAll(alice.id())).isEqualTo(RecoveryCodes.COUNT);
    assertThat(codes.deleteAll(alice.id())).isZero();
  }

  @Test
  void deleting_all_of_a_user_without_codes_returns_zero() {
    replace(bob);

    assertThat(codes.deleteAll(alice.id())).isZero();
  }

  @Test
  void deleting_all_leaves_another_users_codes_untouched() {
    List<TokenHash> bobs = replace(bob);
    replace(alice);

    codes.deleteAll(alice.id());

    assertThat(codes.remaining(bob.id())).isEqualTo(RecoveryCodes.COUNT);
    assertThat(codes.use(bob.id(), bobs.get(0), T0.plusSeconds(1))).isTrue();
  }

  @Test
  void codes_can_be_stored_again_after_deleting_all() {
    replace(alice);
    codes.deleteAll(alice.id());
    List<TokenHash> fresh = newSet();

    codes.replace(alice.id(), fresh, T0.plusSeconds(60));

    assertThat(codes.remaining(alice.id())).isEqualTo(RecoveryCodes.COUNT);
    assertThat(codes.use(alice.id(), fresh.get(0), T0.plusSeconds(61))).isTrue();
  }

  @Test
  void concurrent_uses_of_one_code_let_exactly_one_succeed() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<TokenHash> set = replace(alice);
      TokenHash code = set.get(round % set.size());

      List<Outcome<Boolean>> outcomes = Concurrently.call(16, i -> codes.use(alice.id(), code, T0.plusSeconds(i)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).filteredOn(Outcome::value).hasSize(1);
      assertThat(codes.remaining(alice.id())).as("round %d", round).isEqualTo(RecoveryCodes.COUNT - 1);
    }
  }

  @Test
  void concurrent_uses_of_different_codes_all_succeed_and_use_every_code() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<TokenHash> set = replace(alice);

      List<Outcome<Boolean>> outcomes =
          Concurrently.call(set.size(), i -> codes.use(alice.id(), set.get(i), T0.plusSeconds(1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes).as("round %d", round).allMatch(Outcome::value);
      assertThat(codes.remaining(alice.id())).as("round %d", round).isZero();
    }
  }

  @Test
  void concurrent_replacements_leave_exactly_one_of_the_sets_whole() {
    int threads = 8;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      replace(alice);
      List<List<TokenHash>> sets = IntStream.range(0, threads)
          .mapToObj(i -> newSet())
          .collect(Collectors.toList());

      List<Outcome<Void>> outcomes =
          Concurrently.run(threads, i -> codes.replace(alice.id(), sets.get(i), T0.plusSeconds(1)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(codes.remaining(alice.id())).as("round %d", round).isEqualTo(RecoveryCodes.COUNT);
      List<Integer> kept = IntStream.range(0, threads)
          .filter(i -> codes.use(alice.id(), sets.get(i).get(0), T0.plusSeconds(60)))
          .boxed()
          .collect(Collectors.toList());
      assertThat(kept).as("the sets whose first code works, round %d", round).hasSize(1);
      for (TokenHash code : sets.get(kept.get(0)).subList(1, RecoveryCodes.COUNT)) {
        assertThat(codes.use(alice.id(), code, T0.plusSeconds(61))).as("round %d", round).isTrue();
      }
      assertThat(codes.remaining(alice.id())).isZero();
    }
  }

  @Test
  void readers_never_see_a_mix_of_the_old_and_the_new_set() {
    int small = 4;
    int replacements = 20;
    int readers = 7;
    int readsEach = 40;
    replace(alice);
    List<List<TokenHash>> sets = IntStream.range(0, replacements)
        .mapToObj(i -> i % 2 == 0 ? newSet().subList(0, small) : newSet())
        .collect(Collectors.toList());

    // Thread 0 swaps sets of 4 and 10 codes back and forth; the others count the unused codes meanwhile.
    List<Outcome<List<Integer>>> outcomes = Concurrently.call(readers + 1, i -> {
      List<Integer> seen = new ArrayList<>();
      if (i == 0) {
        for (int r = 0; r < replacements; r++) {
          codes.replace(alice.id(), sets.get(r), T0.plusSeconds(r + 1));
        }
      } else {
        for (int r = 0; r < readsEach; r++) {
          seen.add(codes.remaining(alice.id()));
        }
      }
      return seen;
    });

    assertThat(outcomes).allMatch(Outcome::succeeded);
    Set<Integer> counts = outcomes.stream()
        .flatMap(outcome -> outcome.value().stream())
        .collect(Collectors.toSet());
    assertThat(counts).isSubsetOf(small, RecoveryCodes.COUNT);
    assertThat(codes.remaining(alice.id())).isEqualTo(RecoveryCodes.COUNT);
  }

  /** Gives {@code user} a fresh set of {@link RecoveryCodes#COUNT} codes at T0 and returns their hashes. */
  private List<TokenHash> replace(User user) {
    List<TokenHash> set = newSet();
    codes.replace(user.id(), set, T0);
    return set;
  }

  /** {@link RecoveryCodes#COUNT} fresh hashes. */
  private static List<TokenHash> newSet() {
    return IntStream.range(0, RecoveryCodes.COUNT)
        .mapToObj(i -> TestTokens.randomHash())
        .collect(Collectors.toList());
  }
}
