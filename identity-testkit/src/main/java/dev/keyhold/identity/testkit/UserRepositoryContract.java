package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link UserRepository}: every adapter's test extends this class and implements
 * {@link #newRepository()}.
 */
public abstract class UserRepositoryContract {

  private static final String ADDRESS = "Ada@Example.io";

  private UserRepository users;

  /**
   * A repository that holds no users, called once before each test. A database-backed adapter empties its tables
   * here (and may return the same instance every time).
   */
  protected abstract UserRepository newRepository();

  @BeforeEach
  void createRepository() {
    users = newRepository();
  }

  @Test
  void finding_an_unknown_id_returns_empty() {
    users.insert(TestUsers.newUser());

    assertThat(users.findById(TestUsers.newId())).isEmpty();
  }

  @Test
  void finding_an_unknown_email_returns_empty() {
    users.insert(TestUsers.withEmail("someone@example.io"));

    assertThat(users.findByEmail(Email.parse("someone.else@example.io"))).isEmpty();
  }

  @Test
  void an_inserted_user_round_trips_every_field() {
    User user = TestUsers.fullyPopulated();

    users.insert(user);

    assertThat(users.findById(user.id())).contains(user);
    assertThat(users.findByEmail(user.email())).contains(user);
  }

  @Test
  void a_user_without_optional_fields_round_trips_with_nulls() {
    User user = TestUsers.minimal();

    users.insert(user);

    assertThat(users.findById(user.id())).contains(user);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada@example.io", "ADA@EXAMPLE.IO", "aDa@eXaMpLe.Io", "  Ada@Example.io  ", "\uff21da@Example.io"})
  void finding_by_email_matches_the_normalized_form(String typed) {
    User user = TestUsers.withEmail(ADDRESS);
    users.insert(user);

    assertThat(users.findByEmail(Email.parse(typed))).contains(user);
  }

  @Test
  void the_email_keeps_the_form_the_user_typed() {
    User user = TestUsers.withEmail("  Ada.Lovelace@Example.IO ");
    users.insert(user);

    assertThat(users.findById(user.id()).orElseThrow().email().display()).isEqualTo("Ada.Lovelace@Example.IO");
  }

  @Test
  void users_with_different_emails_are_stored_side_by_side() {
    User ada = TestUsers.withEmail("ada@example.io");
    User grace = TestUsers.withEmail("grace@example.io");

    users.insert(ada);
    users.insert(grace);

    assertThat(users.findByEmail(ada.email())).contains(ada);
    assertThat(users.findByEmail(grace.email())).contains(grace);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ada@Example.io", "ada@example.io", "ADA@EXAMPLE.IO", " ada@EXAMPLE.io", "\uff21da@Example.io"})
  void inserting_a_second_user_with_the_same_normalized_email_throws_email_taken_and_stores_nothing(String typed) {
    User first = TestUsers.withEmail(ADDRESS);
    users.insert(first);
    User second = TestUsers.withEmail(typed);

    assertThatThrownBy(() -> users.insert(second)).isInstanceOf(EmailTakenException.class);

    assertThat(users.findById(second.id())).isEmpty();
    assertThat(users.findByEmail(second.email())).contains(first);
  }

  @Test
  void inserting_a_user_with_an_existing_id_throws_illegal_state_and_stores_nothing() {
    User first = TestUsers.withEmail("first@example.io");
    users.insert(first);
    User sameId = new User(
        first.id(), Email.parse("second@example.io"), "Second", UserStatus.ACTIVE, null, null, T0, T0);

    assertThatThrownBy(() -> users.insert(sameId)).isInstanceOf(IllegalStateException.class);

    assertThat(users.findById(first.id())).contains(first);
    assertThat(users.findByEmail(sameId.email())).isEmpty();
  }

  @Test
  void marking_an_email_verified_sets_the_time_and_reports_a_change() {
    User user = TestUsers.newUser();
    users.insert(user);
    Instant at = T0.plusSeconds(30);

    assertThat(users.markEmailVerified(user.id(), at)).isTrue();

    assertThat(users.findById(user.id())).contains(user.withEmailVerifiedAt(at));
  }

  @Test
  void marking_an_email_verified_twice_changes_it_only_once() {
    User user = TestUsers.newUser();
    users.insert(user);
    Instant first = T0.plusSeconds(30);

    assertThat(users.markEmailVerified(user.id(), first)).isTrue();
    assertThat(users.markEmailVerified(user.id(), first.plusSeconds(30))).isFalse();

    assertThat(users.findById(user.id())).contains(user.withEmailVerifiedAt(first));
  }

  @Test
  void marking_an_already_verified_user_verified_keeps_the_original_time() {
    User verified = TestUsers.fullyPopulated();
    users.insert(verified);

    assertThat(users.markEmailVerified(verified.id(), T0.plusSeconds(600))).isFalse();

    assertThat(users.findById(verified.id())).contains(verified);
  }

  @Test
  void marking_an_unknown_user_verified_returns_false_and_stores_nothing() {
    User unknown = TestUsers.newUser();

    assertThat(users.markEmailVerified(unknown.id(), T0)).isFalse();

    assertThat(users.findById(unknown.id())).isEmpty();
  }

  @Test
  void updating_the_password_hash_replaces_it_and_the_update_time() {
    User user = TestUsers.newUser();
    users.insert(user);
    PasswordHash newHash = new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA");
    Instant at = T0.plusSeconds(45);

    assertThat(users.updatePasswordHash(user.id(), newHash, at)).isTrue();

    assertThat(users.findById(user.id())).contains(user.withPasswordHash(newHash, at));
  }

  @Test
  void updating_the_password_hash_of_a_user_without_one_sets_it() {
    User user = TestUsers.minimal();
    users.insert(user);
    Instant at = T0.plusSeconds(45);

    assertThat(users.updatePasswordHash(user.id(), TestUsers.PASSWORD_HASH, at)).isTrue();

    assertThat(users.findById(user.id())).contains(user.withPasswordHash(TestUsers.PASSWORD_HASH, at));
  }

  @Test
  void the_last_password_hash_written_wins() {
    User user = TestUsers.newUser();
    users.insert(user);
    PasswordHash second = new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2Vjb25k$c2Vjb25k");
    PasswordHash third = new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$dGhpcmQ$dGhpcmQ");

    users.updatePasswordHash(user.id(), second, T0.plusSeconds(1));
    users.updatePasswordHash(user.id(), third, T0.plusSeconds(2));

    assertThat(users.findById(user.id())).contains(user.withPasswordHash(third, T0.plusSeconds(2)));
  }

  @Test
  void updating_the_password_hash_of_an_unknown_user_returns_false_and_stores_nothing() {
    User unknown = TestUsers.newUser();

    assertThat(users.updatePasswordHash(unknown.id(), TestUsers.PASSWORD_HASH, T0)).isFalse();

    assertThat(users.findById(unknown.id())).isEmpty();
  }

  @Test
  void updating_the_status_sets_it_and_the_update_time() {
    User user = TestUsers.newUser();
    users.insert(user);
    Instant at = T0.plusSeconds(10);

    assertThat(users.updateStatus(user.id(), UserStatus.DISABLED, at)).isTrue();

    assertThat(users.findById(user.id())).contains(user.withStatus(UserStatus.DISABLED, at));
  }

  @Test
  void updating_the_status_is_idempotent() {
    User user = TestUsers.newUser();
    users.insert(user);

    assertThat(users.updateStatus(user.id(), UserStatus.DISABLED, T0.plusSeconds(10))).isTrue();
    assertThat(users.updateStatus(user.id(), UserStatus.DISABLED, T0.plusSeconds(20))).isTrue();

    assertThat(users.findById(user.id()).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
  }

  @Test
  void a_disabled_user_can_be_enabled_again() {
    User user = TestUsers.fullyPopulated();
    users.insert(user);
    Instant at = T0.plusSeconds(900);

    assertThat(users.updateStatus(user.id(), UserStatus.ACTIVE, at)).isTrue();

    assertThat(users.findById(user.id())).contains(user.withStatus(UserStatus.ACTIVE, at));
  }

  @Test
  void updating_the_status_of_an_unknown_user_returns_false_and_stores_nothing() {
    User unknown = TestUsers.newUser();

    assertThat(users.updateStatus(unknown.id(), UserStatus.DISABLED, T0)).isFalse();

    assertThat(users.findById(unknown.id())).isEmpty();
  }

  @Test
  void updates_change_only_the_addressed_user() {
    User target = TestUsers.newUser();
    User bystander = TestUsers.newUser();
    users.insert(target);
    users.insert(bystander);

    users.markEmailVerified(target.id(), T0.plusSeconds(1));
    users.updatePasswordHash(target.id(), new PasswordHash("$argon2id$v=19$m=1,t=1,p=1$eA$eQ"), T0.plusSeconds(2));
    users.updateStatus(target.id(), UserStatus.DISABLED, T0.plusSeconds(3));

    assertThat(users.findById(bystander.id())).contains(bystander);
  }

  @Test
  void concurrent_inserts_with_the_same_email_in_different_case_let_exactly_one_succeed() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String address = "user" + round + "@example.io";
      List<User> candidates = IntStream.range(0, threads)
          .mapToObj(i -> TestUsers.withEmail(caseVariant(address, i)))
          .collect(Collectors.toList());

      List<Outcome<Void>> outcomes = Concurrently.run(threads, i -> users.insert(candidates.get(i)));

      List<Integer> winners = IntStream.range(0, threads)
          .filter(i -> outcomes.get(i).succeeded())
          .boxed()
          .collect(Collectors.toList());
      assertThat(winners).as("round %d", round).hasSize(1);
      assertThat(outcomes)
          .filteredOn(outcome -> !outcome.succeeded())
          .allSatisfy(outcome -> assertThat(outcome.failure()).isInstanceOf(EmailTakenException.class));
      User winner = candidates.get(winners.get(0));
      assertThat(users.findByEmail(Email.parse(address))).contains(winner);
      assertThat(candidates)
          .filteredOn(candidate -> candidate != winner)
          .allSatisfy(loser -> assertThat(users.findById(loser.id())).isEmpty());
    }
  }

  @Test
  void concurrent_inserts_with_the_same_id_let_exactly_one_succeed() {
    int threads = 16;
    User template = TestUsers.newUser();
    List<User> candidates = IntStream.range(0, threads)
        .mapToObj(i -> new User(template.id(), Email.parse("same-id-" + i + "@example.io"), null,
            UserStatus.ACTIVE, null, null, T0, T0))
        .collect(Collectors.toList());

    List<Outcome<Void>> outcomes = Concurrently.run(threads, i -> users.insert(candidates.get(i)));

    assertThat(outcomes).filteredOn(Outcome::succeeded).hasSize(1);
    assertThat(outcomes)
        .filteredOn(outcome -> !outcome.succeeded())
        .allSatisfy(outcome -> assertThat(outcome.failure()).isInstanceOf(IllegalStateException.class));
    User stored = users.findById(template.id()).orElseThrow();
    assertThat(candidates)
        .filteredOn(candidate -> !candidate.equals(stored))
        .allSatisfy(loser -> assertThat(users.findByEmail(loser.email())).isEmpty());
  }

  @Test
  void concurrent_verifications_report_exactly_one_change() {
    User user = TestUsers.newUser();
    users.insert(user);

    List<Outcome<Boolean>> outcomes =
        Concurrently.call(16, i -> users.markEmailVerified(user.id(), T0.plusSeconds(i + 1)));

    assertThat(outcomes).allMatch(Outcome::succeeded);
    assertThat(outcomes).filteredOn(outcome -> outcome.value()).hasSize(1);
    int winner = IntStream.range(0, outcomes.size()).filter(i -> outcomes.get(i).value()).findFirst().orElseThrow();
    assertThat(users.findById(user.id()).orElseThrow().emailVerifiedAt()).isEqualTo(T0.plusSeconds(winner + 1));
  }

  /** {@code address} with the characters at the positions of {@code variant}'s set bits upper-cased. */
  private static String caseVariant(String address, int variant) {
    StringBuilder result = new StringBuilder(address);
    for (int position = 0; position < result.length() && position < Integer.SIZE; position++) {
      if ((variant & (1 << position)) != 0) {
        result.setCharAt(position, Character.toUpperCase(result.charAt(position)));
      }
    }
    return result.toString();
  }
}
