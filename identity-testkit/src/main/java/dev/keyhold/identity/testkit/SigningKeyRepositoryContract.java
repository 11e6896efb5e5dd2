package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SigningKeyRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}.
 *
 * <p>Keys are listed by {@code createdAt}, then by {@code kid} in code-point order (Java's {@code String.compareTo};
 * a SQL store sorts with a binary collation such as PostgreSQL's {@code "C"}), so every adapter lists keys created
 * in the same microsecond alike.
 */
public abstract class SigningKeyRepositoryContract {

  /** How long after retiring a rotated-out key stays published in these tests. */
  private static final Duration RETAIN = Duration.ofMinutes(16);

  private SigningKeyRepository keys;

  /**
   * A repository that holds no keys, called once before each test and, by the tests that race first inserts, once
   * per round. A database-backed adapter empties its table here (and may return the same instance every time).
   */
  protected abstract SigningKeyRepository createEmpty();

  @BeforeEach
  void createRepository() {
    keys = createEmpty();
  }

  @Test
  void an_empty_repository_has_no_keys_and_no_current_key() {
    assertThat(keys.findAll()).isEmpty();
    assertThat(keys.findCurrent()).isEmpty();
  }

  @Test
  void the_first_key_is_stored_as_the_current_key_with_every_field_as_given() {
    StoredSigningKey first = TestSigningKeys.current(T0, T0.plusSeconds(1).plusNanos(7_000));

    assertThat(keys.insertFirst(first)).isTrue();

    assertThat(keys.findAll()).containsExactly(first);
    assertThat(keys.findCurrent()).contains(first);
  }

  @Test
  void a_rotated_out_key_keeps_every_field_and_gets_its_schedule_at_microsecond_precision() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    keys.insertFirst(first);
    Instant created = T0.plus(Duration.ofDays(30)).plusNanos(1_000);
    StoredSigningKey next = TestSigningKeys.current(created, created.plus(Duration.ofMinutes(10)).plusNanos(2_000));
    Instant retiresAt = next.activatesAt();
    Instant expiresAt = retiresAt.plus(RETAIN).plusNanos(3_000);

    assertThat(keys.rotate(first.kid(), retiresAt, expiresAt, next)).isTrue();

    assertThat(keys.findAll()).containsExactly(first.retiring(retiresAt, expiresAt), next);
  }

  @Test
  void inserting_a_first_key_when_a_current_key_exists_returns_false_and_stores_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    StoredSigningKey second = TestSigningKeys.current(T0.plusSeconds(1));
    keys.insertFirst(first);

    assertThat(keys.insertFirst(second)).isFalse();

    assertThat(keys.findAll()).containsExactly(first);
    assertThat(keys.findCurrent()).contains(first);
  }

  @Test
  void inserting_a_first_key_after_a_rotation_returns_false_and_stores_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    StoredSigningKey next = TestSigningKeys.current(T0.plusSeconds(60), T0.plusSeconds(660));
    keys.insertFirst(first);
    rotate(first, next);
    List<StoredSigningKey> before = keys.findAll();

    assertThat(keys.insertFirst(TestSigningKeys.current(T0.plusSeconds(120)))).isFalse();

    assertThat(keys.findAll()).isEqualTo(before);
    assertThat(keys.findCurrent()).contains(next);
  }

  @Test
  void inserting_a_key_that_is_not_current_is_rejected_and_stores_nothing() {
    StoredSigningKey retiring = TestSigningKeys.current(T0).retiring(T0.plusSeconds(60), T0.plusSeconds(120));

    assertThatThrownBy(() -> keys.insertFirst(retiring)).isInstanceOf(IllegalArgumentException.class);

    assertThat(keys.findAll()).isEmpty();
    assertThat(keys.findCurrent()).isEmpty();
  }

  @Test
  void inserting_a_key_that_is_not_current_into_a_filled_repository_is_rejected_and_changes_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    keys.insertFirst(first);
    StoredSigningKey retiring =
        TestSigningKeys.current(T0.plusSeconds(1)).retiring(T0.plusSeconds(60), T0.plusSeconds(120));

    assertThatThrownBy(() -> keys.insertFirst(retiring)).isInstanceOf(IllegalArgumentException.class);

    assertThat(keys.findAll()).containsExactly(first);
  }

  @Test
  void rotating_from_the_current_key_schedules_its_retirement_and_makes_the_next_key_current() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    StoredSigningKey next = TestSigningKeys.current(T0.plusSeconds(3600), T0.plusSeconds(4200));
    keys.insertFirst(first);
    Instant retiresAt = next.activatesAt();
    Instant expiresAt = retiresAt.plus(RETAIN);

    assertThat(keys.rotate(first.kid(), retiresAt, expiresAt, next)).isTrue();

    assertThat(keys.findCurrent()).contains(next);
    assertThat(keys.findAll()).containsExactly(first.retiring(retiresAt, expiresAt), next);
  }

  @Test
  void each_rotation_starts_from_the_then_current_key_and_one_key_stays_current() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    StoredSigningKey second = TestSigningKeys.current(T0.plusSeconds(3600), T0.plusSeconds(4200));
    StoredSigningKey third = TestSigningKeys.current(T0.plusSeconds(7200), T0.plusSeconds(7800));
    keys.insertFirst(first);

    assertThat(rotate(first, second)).isTrue();
    assertThat(rotate(second, third)).isTrue();

    assertThat(keys.findAll()).containsExactly(retired(first, second), retired(second, third), third);
    assertThat(keys.findAll()).filteredOn(StoredSigningKey::current).containsExactly(third);
    assertThat(keys.findCurrent()).contains(third);
  }

  @Test
  void rotating_from_a_stale_kid_returns_false_and_changes_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    StoredSigningKey second = TestSigningKeys.current(T0.plusSeconds(3600), T0.plusSeconds(4200));
    keys.insertFirst(first);
    rotate(first, second);
    List<StoredSigningKey> before = keys.findAll();
    StoredSigningKey third = TestSigningKeys.current(T0.plusSeconds(3601), T0.plusSeconds(4201));

    assertThat(keys.rotate(first.kid(), third.activatesAt(), third.activatesAt().plus(RETAIN), third)).isFalse();

    assertThat(keys.findAll()).isEqualTo(before);
    assertThat(keys.findCurrent()).contains(second);
  }

  @Test
  void rotating_from_an_unknown_kid_returns_false_and_changes_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    keys.insertFirst(first);
    StoredSigningKey next = TestSigningKeys.current(T0.plusSeconds(60), T0.plusSeconds(660));

    assertThat(keys.rotate(TestSigningKeys.randomKid(), next.activatesAt(), next.activatesAt().plus(RETAIN), next))
        .isFalse();

    assertThat(keys.findAll()).containsExactly(first);
    assertThat(keys.findCurrent()).contains(first);
  }

  @Test
  void rotating_in_an_empty_repository_returns_false_and_stores_nothing() {
    StoredSigningKey next = TestSigningKeys.current(T0, T0.plusSeconds(600));

    assertThat(keys.rotate(TestSigningKeys.randomKid(), next.activatesAt(), next.activatesAt().plus(RETAIN), next))
        .isFalse();

    assertThat(keys.findAll()).isEmpty();
    assertThat(keys.findCurrent()).isEmpty();
  }

  @Test
  void rotating_to_a_key_that_is_not_current_is_rejected_and_changes_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    keys.insertFirst(first);
    StoredSigningKey retiringNext = TestSigningKeys.current(T0.plusSeconds(60), T0.plusSeconds(660))
        .retiring(T0.plusSeconds(7200), T0.plusSeconds(9000));
    Instant retiresAt = retiringNext.activatesAt();

    assertThatThrownBy(() -> keys.rotate(first.kid(), retiresAt, retiresAt.plus(RETAIN), retiringNext))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(keys.findAll()).containsExactly(first);
    assertThat(keys.findCurrent()).contains(first);
  }

  @Test
  void keys_are_listed_oldest_first_by_creation_time_at_microsecond_precision() {
    StoredSigningKey older = TestSigningKeys.withKid("z-" + TestSigningKeys.randomKid(), T0, T0);
    Instant oneMicroLater = T0.plusNanos(1_000);
    StoredSigningKey newer = TestSigningKeys.withKid("a-" + TestSigningKeys.randomKid(), oneMicroLater,
        oneMicroLater.plusSeconds(600));
    keys.insertFirst(older);
    rotate(older, newer);

    assertThat(keys.findAll()).containsExactly(retired(older, newer), newer);
  }

  @Test
  void keys_created_in_the_same_instant_are_listed_by_kid_in_code_point_order() {
    String suffix = TestSigningKeys.randomKid();
    StoredSigningKey alpha = TestSigningKeys.withKid("alpha" + suffix, T0, T0);
    StoredSigningKey underscore = TestSigningKeys.withKid("_beta" + suffix, T0, T0.plusSeconds(600));
    StoredSigningKey upper = TestSigningKeys.withKid("Zeta" + suffix, T0, T0.plusSeconds(1200));
    keys.insertFirst(alpha);
    rotate(alpha, underscore);
    rotate(underscore, upper);

    // 'Z' (U+005A) < '_' (U+005F) < 'a' (U+0061); a linguistic collation would order them otherwise
    assertThat(keys.findAll()).containsExactly(upper, retired(underscore, upper), retired(alpha, underscore));
  }

  @Test
  void expired_keys_are_listed_until_deleted() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    StoredSigningKey second = TestSigningKeys.current(T0.plusSeconds(60), T0.plusSeconds(660));
    keys.insertFirst(first);
    rotate(first, second);

    assertThat(keys.findAll()).containsExactly(retired(first, second), second);

    keys.deleteExpired(T0.plus(Duration.ofDays(365)));

    assertThat(keys.findAll()).containsExactly(second);
  }

  @Test
  void deleting_expired_keys_removes_those_expiring_at_or_before_now_and_counts_them() {
    Instant now = T0.plus(Duration.ofHours(3));
    StoredSigningKey k1 = TestSigningKeys.current(T0);
    StoredSigningKey k2 = TestSigningKeys.current(T0.plus(Duration.ofHours(1)));
    StoredSigningKey k3 = TestSigningKeys.current(T0.plus(Duration.ofHours(2)));
    StoredSigningKey k4 = TestSigningKeys.current(now);
    keys.insertFirst(k1);
    keys.rotate(k1.kid(), k2.activatesAt(), now.minusNanos(1_000), k2);
    keys.rotate(k2.kid(), k3.activatesAt(), now, k3);
    keys.rotate(k3.kid(), k4.activatesAt(), now.plusNanos(1_000), k4);

    assertThat(keys.deleteExpired(now)).isEqualTo(2);

    assertThat(keys.findAll()).containsExactly(k3.retiring(k4.activatesAt(), now.plusNanos(1_000)), k4);
    assertThat(keys.findCurrent()).contains(k4);
  }

  @Test
  void deleting_expired_keys_again_deletes_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    StoredSigningKey second = TestSigningKeys.current(T0.plusSeconds(60), T0.plusSeconds(660));
    keys.insertFirst(first);
    rotate(first, second);
    Instant later = T0.plus(Duration.ofDays(1));

    assertThat(keys.deleteExpired(later)).isEqualTo(1);
    assertThat(keys.deleteExpired(later)).isZero();

    assertThat(keys.findAll()).containsExactly(second);
  }

  @Test
  void deleting_expired_keys_never_deletes_the_current_key() {
    StoredSigningKey only = TestSigningKeys.current(T0);
    keys.insertFirst(only);

    assertThat(keys.deleteExpired(T0.plus(Duration.ofDays(3650)))).isZero();

    assertThat(keys.findAll()).containsExactly(only);
    assertThat(keys.findCurrent()).contains(only);
  }

  @Test
  void deleting_from_an_empty_repository_deletes_nothing() {
    assertThat(keys.deleteExpired(T0)).isZero();
  }

  @Test
  void concurrent_first_inserts_let_exactly_one_win_and_store_only_its_key() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      SigningKeyRepository repository = round == 0 ? keys : createEmpty();
      List<StoredSigningKey> candidates = IntStream.range(0, threads)
          .mapToObj(i -> TestSigningKeys.current(T0.plusNanos(i * 1_000L)))
          .collect(Collectors.toList());

      List<Outcome<Boolean>> outcomes = Concurrently.call(threads, i -> repository.insertFirst(candidates.get(i)));

      assertThat(outcomes).as("round %d", round).allMatch(Outcome::succeeded);
      List<Integer> winners = Concurrently.winners(outcomes);
      assertThat(winners).as("round %d", round).hasSize(1);
      StoredSigningKey winner = candidates.get(winners.get(0));
      assertThat(repository.findAll()).as("round %d", round).containsExactly(winner);
      assertThat(repository.findCurrent()).as("round %d", round).contains(winner);
    }
  }

  @Test
  void concurrent_rotations_from_one_current_key_let_exactly_one_win_and_leave_one_current_key() {
    int threads = 16;
    StoredSigningKey first = TestSigningKeys.current(T0);
    keys.insertFirst(first);
    StoredSigningKey current = first;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      StoredSigningKey from = current;
      List<StoredSigningKey> before = keys.findAll();
      Instant created = T0.plus(Duration.ofHours(round + 1));
      List<StoredSigningKey> candidates = IntStream.range(0, threads)
          .mapToObj(i -> TestSigningKeys.current(created, created.plusSeconds(600).plusNanos(i * 1_000L)))
          .collect(Collectors.toList());

      List<Outcome<Boolean>> outcomes = Concurrently.call(threads, i -> {
        StoredSigningKey next = candidates.get(i);
        return keys.rotate(from.kid(), next.activatesAt(), next.activatesAt().plus(RETAIN), next);
      });

      assertThat(outcomes).as("round %d", round).allMatch(Outcome::succeeded);
      List<Integer> winners = Concurrently.winners(outcomes);
      assertThat(winners).as("round %d", round).hasSize(1);
      StoredSigningKey winner = candidates.get(winners.get(0));
      List<StoredSigningKey> expected = Stream.concat(
              before.stream().map(key -> key.kid().equals(from.kid()) ? retired(from, winner) : key),
              Stream.of(winner))
          .collect(Collectors.toList());
      List<StoredSigningKey> after = keys.findAll();
      assertThat(after).as("round %d", round).containsExactlyElementsOf(expected);
      assertThat(after).as("round %d", round).filteredOn(StoredSigningKey::current).containsExactly(winner);
      assertThat(keys.findCurrent()).as("round %d", round).contains(winner);
      current = winner;
    }
  }

  // ---------------------------------------------------------------- resealing

  @Test
  void replacing_a_sealed_private_key_that_is_as_expected_changes_it_and_nothing_else() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    keys.insertFirst(first);
    StoredSigningKey next = TestSigningKeys.current(T0.plusSeconds(60), T0.plusSeconds(660));
    rotate(first, next);
    String resealed = TestSigningKeys.randomSealedKey();

    assertThat(keys.replaceSealedPrivateKey(first.kid(), first.sealedPrivateKey(), resealed)).isTrue();

    StoredSigningKey retired = retired(first, next);
    assertThat(keys.findAll()).containsExactly(
        new StoredSigningKey(retired.kid(), retired.algorithm(), retired.publicJwk(), resealed, retired.createdAt(),
            retired.activatesAt(), retired.retiresAt(), retired.expiresAt()),
        next);
  }

  @Test
  void replacing_a_sealed_private_key_that_changed_or_of_a_missing_key_returns_false_and_changes_nothing() {
    StoredSigningKey first = TestSigningKeys.current(T0);
    keys.insertFirst(first);

    assertThat(keys.replaceSealedPrivateKey(first.kid(), "sealed-by-someone-else", "x")).isFalse();
    assertThat(keys.replaceSealedPrivateKey(TestSigningKeys.randomKid(), first.sealedPrivateKey(), "x")).isFalse();

    assertThat(keys.findAll()).containsExactly(first);
  }

  @Test
  void of_concurrent_reseals_expecting_the_same_value_exactly_one_wins() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      keys = createEmpty();
      StoredSigningKey first = TestSigningKeys.current(T0);
      keys.insertFirst(first);
      List<String> resealed = IntStream.range(0, 8).mapToObj(i -> TestSigningKeys.randomSealedKey()).toList();

      List<Outcome<Boolean>> outcomes = Concurrently.call(resealed.size(),
          i -> keys.replaceSealedPrivateKey(first.kid(), first.sealedPrivateKey(), resealed.get(i)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Integer> winners = IntStream.range(0, outcomes.size()).filter(i -> outcomes.get(i).value()).boxed().toList();
      assertThat(winners).as("round %d", round).hasSize(1);
      assertThat(keys.findCurrent().orElseThrow().sealedPrivateKey()).as("round %d", round)
          .isEqualTo(resealed.get(winners.get(0)));
    }
  }

  /** Rotates from {@code current} to {@code next}, retiring it when {@code next} activates. */
  private boolean rotate(StoredSigningKey current, StoredSigningKey next) {
    return keys.rotate(current.kid(), next.activatesAt(), next.activatesAt().plus(RETAIN), next);
  }

  /** {@code key} as {@link #rotate} leaves it when rotating to {@code next}. */
  private static StoredSigningKey retired(StoredSigningKey key, StoredSigningKey next) {
    return key.retiring(next.activatesAt(), next.activatesAt().plus(RETAIN));
  }
}
