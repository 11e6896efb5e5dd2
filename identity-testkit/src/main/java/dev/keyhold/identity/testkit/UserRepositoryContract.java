package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.spi.UserRepository.Position;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link UserRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}.
 *
 * <p>{@link UserRepository#search} orders normalized emails in code-point order (Java's {@code String.compareTo}; a
 * SQL store sorts and compares with a binary collation such as PostgreSQL's {@code "C"}), so every adapter pages
 * alike; the tests use punctuation that a linguistic collation would sort differently. The email prefix is matched
 * literally: {@code %}, {@code _} and {@code \} are ordinary characters. Users never share a normalized email, so
 * the id only decides against a {@link Position} built with the email of a stored user. Ids compare as 16 unsigned
 * bytes (PostgreSQL's {@code uuid} order); the tests use ids whose order under Java's signed
 * {@link UUID#compareTo} is the opposite, so an adapter that sorts with it fails.
 */
public abstract class UserRepositoryContract {

  private static final String ADDRESS = "Ada@Example.io";

  private UserRepository users;

  /**
   * A repository that holds no users, called once before each test. A database-backed adapter empties its tables
   * here (and may return the same instance every time).
   */
  protected abstract UserRepository createEmpty();

  @BeforeEach
  void createRepository() {
    users = createEmpty();
  }

  @Test
  void updating_the_email_moves_the_user_to_the_new_verified_address_and_frees_the_old_one() {
    User user = TestUsers.withEmail("old@example.io");
    users.insert(user);
    Instant at = T0.plusSeconds(90);

    assertThat(users.updateEmail(user.id(), Email.parse("New.Address@Example.io"), at)).isTrue();

    User changed = users.findById(user.id()).orElseThrow();
    assertThat(changed.email().display()).isEqualTo("New.Address@Example.io");
    assertThat(changed.emailVerifiedAt()).isEqualTo(at);
    assertThat(changed.updatedAt()).isEqualTo(at);
    assertThat(changed).usingRecursiveComparison().ignoringFields("email", "emailVerifiedAt", "updatedAt")
        .isEqualTo(user);
    assertThat(users.findByEmail(Email.parse("new.address@example.io"))).map(User::id).contains(user.id());
    assertThat(users.findByEmail(Email.parse("old@example.io"))).isEmpty();
    User newcomer = TestUsers.withEmail("old@example.io");
    users.insert(newcomer);
    assertThat(users.findByEmail(Email.parse("old@example.io"))).map(User::id).contains(newcomer.id());
  }

  @Test
  void updating_the_email_to_another_users_address_throws_email_taken_and_changes_nothing() {
    User alice = TestUsers.withEmail("alice@example.io");
    User bob = TestUsers.withEmail("bob@example.io");
    users.insert(alice);
    users.insert(bob);

    assertThatThrownBy(() -> users.updateEmail(alice.id(), Email.parse("BOB@example.io"), T0.plusSeconds(5)))
        .isInstanceOf(EmailTakenException.class);

    assertThat(users.findById(alice.id())).contains(alice);
    assertThat(users.findByEmail(Email.parse("bob@example.io"))).contains(bob);
  }

  @Test
  void updating_the_email_of_an_unknown_user_returns_false() {
    assertThat(users.updateEmail(TestUsers.newId(), Email.parse("nobody@example.io"), T0)).isFalse();
    assertThat(users.findByEmail(Email.parse("nobody@example.io"))).isEmpty();
  }

  @Test
  void of_users_claiming_one_address_at_once_exactly_one_gets_it() {
    int threads = 8;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<User> claimants = IntStream.range(0, threads)
          .mapToObj(i -> TestUsers.newUser())
          .collect(Collectors.toList());
      claimants.forEach(users::insert);
      Email wanted = Email.parse("wanted" + round + "@example.io");

      List<Outcome<Boolean>> outcomes =
          Concurrently.call(threads, i -> users.updateEmail(claimants.get(i).id(), wanted, T0.plusSeconds(1)));

      List<Integer> winners = IntStream.range(0, threads)
          .filter(i -> outcomes.get(i).succeeded())
          .boxed()
          .collect(Collectors.toList());
      assertThat(winners).as("round %d", round).hasSize(1);
      outcomes.stream().filter(outcome -> !outcome.succeeded())
          .forEach(outcome -> assertThat(outcome.failure()).isInstanceOf(EmailTakenException.class));
      assertThat(users.findByEmail(wanted)).map(User::id).contains(claimants.get(winners.get(0)).id());
      for (int i = 0; i < threads; i++) {
        if (i != winners.get(0)) {
          assertThat(users.findById(claimants.get(i).id())).contains(claimants.get(i));
        }
      }
    }
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
  void updating_the_password_hash_to_null_removes_the_password() {
    User user = TestUsers.newUser();
    users.insert(user);
    Instant at = T0.plusSeconds(45);

    assertThat(users.updatePasswordHash(user.id(), null, at)).isTrue();

    User stored = users.findById(user.id()).orElseThrow();
    assertThat(stored).isEqualTo(user.withPasswordHash(null, at));
    assertThat(stored.password()).isEmpty();
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
  void updating_the_display_name_replaces_it_and_the_update_time_and_null_removes_it() {
    User user = TestUsers.fullyPopulated();
    users.insert(user);

    assertThat(users.updateDisplayName(user.id(), "Ada Lovelace", T0.plusSeconds(10))).isTrue();
    assertThat(users.findById(user.id())).contains(user.withDisplayName("Ada Lovelace", T0.plusSeconds(10)));

    assertThat(users.updateDisplayName(user.id(), null, T0.plusSeconds(20))).isTrue();
    assertThat(users.findById(user.id())).contains(user.withDisplayName(null, T0.plusSeconds(20)));
  }

  @Test
  void updating_the_display_name_of_an_unknown_user_returns_false_and_stores_nothing() {
    User unknown = TestUsers.newUser();

    assertThat(users.updateDisplayName(unknown.id(), "Nobody", T0)).isFalse();

    assertThat(users.findById(unknown.id())).isEmpty();
  }

  @Test
  void deleting_a_user_removes_them_and_frees_the_address_and_leaves_others() {
    User gone = TestUsers.fullyPopulated();
    User bystander = TestUsers.newUser();
    users.insert(gone);
    users.insert(bystander);

    assertThat(users.delete(gone.id())).isTrue();

    assertThat(users.findById(gone.id())).isEmpty();
    assertThat(users.findByEmail(gone.email())).isEmpty();
    assertThat(users.findById(bystander.id())).contains(bystander);
    User again = TestUsers.withEmail(gone.email().display());
    users.insert(again);
    assertThat(users.findByEmail(gone.email())).contains(again);
  }

  @Test
  void deleting_an_unknown_or_deleted_user_returns_false() {
    User user = TestUsers.newUser();
    users.insert(user);
    users.delete(user.id());

    assertThat(users.delete(user.id())).isFalse();
    assertThat(users.delete(TestUsers.newUser().id())).isFalse();
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
    users.updateDisplayName(target.id(), "Someone Else", T0.plusSeconds(4));

    assertThat(users.findById(bystander.id())).contains(bystander);
  }

  @Test
  void searching_an_empty_repository_finds_nobody() {
    assertThat(users.search(null, null, null, 10)).isEmpty();
  }

  @Test
  void searching_without_filters_lists_users_by_normalized_email_in_code_point_order() {
    List<String> ordered = List.of("a-c@x.io", "a.b@x.io", "a1@x.io", "a@x.io", "a_b@x.io", "aa@x.io", "ab@x.io",
        "alice@x.io", "bob@x.io");
    List<String> typed = new ArrayList<>(List.of("ab@x.io", "a_b@x.io", "Bob@x.io", "a@x.io", "alice@x.io",
        "a.b@x.io", "aa@x.io", "a1@x.io", "a-c@x.io"));
    Collections.shuffle(typed);
    typed.forEach(email -> users.insert(TestUsers.withEmail(email)));

    assertThat(normalizedEmails(users.search(null, null, null, 100))).containsExactlyElementsOf(ordered);
  }

  @Test
  void searching_returns_users_with_every_field() {
    User full = TestUsers.fullyPopulated();
    User minimal = TestUsers.minimal();
    users.insert(full);
    users.insert(minimal);

    assertThat(users.search(null, null, null, 10)).containsExactly(full, minimal);
  }

  @Test
  void searching_by_prefix_keeps_users_whose_normalized_email_starts_with_it() {
    User ada = TestUsers.withEmail("ada@example.io");
    User adam = TestUsers.withEmail("Adam@Example.io");
    users.insert(adam);
    users.insert(TestUsers.withEmail("bada@example.io"));
    users.insert(ada);
    users.insert(TestUsers.withEmail("grace@example.io"));

    assertThat(users.search("ada", null, null, 10)).containsExactly(ada, adam);
    assertThat(users.search("adam@example.io", null, null, 10)).containsExactly(adam);
    assertThat(users.search("zed", null, null, 10)).isEmpty();
  }

  @Test
  void searching_by_prefix_treats_like_wildcards_and_backslashes_as_ordinary_characters() {
    for (String email : List.of("a%b@x.io", "a_b@x.io", "a\\b@x.io", "a\\%c@x.io", "axb@x.io", "ab@x.io",
        "a\\\\d@x.io")) {
      users.insert(TestUsers.withEmail(email));
    }

    assertThat(normalizedEmails(users.search("a%", null, null, 10))).containsExactly("a%b@x.io");
    assertThat(normalizedEmails(users.search("a_", null, null, 10))).containsExactly("a_b@x.io");
    assertThat(normalizedEmails(users.search("a\\", null, null, 10)))
        .containsExactly("a\\%c@x.io", "a\\\\d@x.io", "a\\b@x.io");
    assertThat(normalizedEmails(users.search("a\\%", null, null, 10))).containsExactly("a\\%c@x.io");
    assertThat(normalizedEmails(users.search("a\\\\", null, null, 10))).containsExactly("a\\\\d@x.io");
    assertThat(normalizedEmails(users.search("%", null, null, 10))).isEmpty();
    assertThat(normalizedEmails(users.search("_", null, null, 10))).isEmpty();
  }

  @Test
  void searching_by_status_keeps_only_users_with_it() {
    User active = TestUsers.withEmail("active@example.io");
    User disabled = TestUsers.withEmail("disabled@example.io").withStatus(UserStatus.DISABLED, T0);
    User alsoActive = TestUsers.withEmail("also-active@example.io");
    users.insert(active);
    users.insert(disabled);
    users.insert(alsoActive);

    assertThat(users.search(null, UserStatus.DISABLED, null, 10)).containsExactly(disabled);
    assertThat(users.search(null, UserStatus.ACTIVE, null, 10)).containsExactly(active, alsoActive);
    assertThat(users.search("a", UserStatus.ACTIVE, null, 10)).containsExactly(active, alsoActive);
    assertThat(users.search("d", UserStatus.ACTIVE, null, 10)).isEmpty();
  }

  @Test
  void searching_sees_status_changes() {
    User user = TestUsers.withEmail("changing@example.io");
    users.insert(user);

    users.updateStatus(user.id(), UserStatus.DISABLED, T0.plusSeconds(1));

    assertThat(users.search(null, UserStatus.ACTIVE, null, 10)).isEmpty();
    assertThat(users.search(null, UserStatus.DISABLED, null, 10))
        .containsExactly(user.withStatus(UserStatus.DISABLED, T0.plusSeconds(1)));
  }

  @Test
  void searching_returns_at_most_limit_users_from_the_start_of_the_order() {
    List<User> ordered = IntStream.range(0, 5)
        .mapToObj(i -> TestUsers.withEmail("limit-" + i + "@example.io"))
        .collect(Collectors.toList());
    List<User> shuffled = new ArrayList<>(ordered);
    Collections.shuffle(shuffled);
    shuffled.forEach(users::insert);

    assertThat(users.search(null, null, null, 1)).containsExactly(ordered.get(0));
    assertThat(users.search(null, null, null, 3)).containsExactlyElementsOf(ordered.subList(0, 3));
    assertThat(users.search(null, null, null, 5)).containsExactlyElementsOf(ordered);
    assertThat(users.search(null, null, null, 1000)).containsExactlyElementsOf(ordered);
  }

  @Test
  void searching_after_a_position_starts_strictly_after_it() {
    List<User> ordered = IntStream.range(0, 5)
        .mapToObj(i -> TestUsers.withEmail("after-" + i + "@example.io"))
        .collect(Collectors.toList());
    ordered.forEach(users::insert);

    assertThat(users.search(null, null, positionOf(ordered.get(1)), 10))
        .containsExactlyElementsOf(ordered.subList(2, 5));
    assertThat(users.search(null, null, positionOf(ordered.get(1)), 2))
        .containsExactlyElementsOf(ordered.subList(2, 4));
    assertThat(users.search(null, null, positionOf(ordered.get(4)), 10)).isEmpty();
  }

  @Test
  void a_position_need_not_be_a_stored_user() {
    User ada = TestUsers.withEmail("ada@example.io");
    User grace = TestUsers.withEmail("grace@example.io");
    users.insert(ada);
    users.insert(grace);

    assertThat(users.search(null, null, new Position("b", TestUsers.newId()), 10)).containsExactly(grace);
    assertThat(users.search(null, null, new Position("", TestUsers.newId()), 10)).containsExactly(ada, grace);
  }

  @Test
  void a_position_with_a_users_email_compares_ids_next() {
    List<UUID> ids = TestIds.ascending(3);
    User user = TestUsers.withId(new UserId(ids.get(1)), "tie@example.io");
    User next = TestUsers.withEmail("tiez@example.io");
    users.insert(user);
    users.insert(next);

    assertThat(users.search(null, null, new Position("tie@example.io", new UserId(ids.get(0))), 10))
        .containsExactly(user, next);
    assertThat(users.search(null, null, new Position("tie@example.io", new UserId(ids.get(1))), 10))
        .containsExactly(next);
    assertThat(users.search(null, null, new Position("tie@example.io", new UserId(ids.get(2))), 10))
        .containsExactly(next);
  }

  @ParameterizedTest
  @CsvSource({
      // the high halves differ in their sign bit: Java's compareTo puts 8000... before 7fff...
      "7fffffff-ffff-4fff-bfff-ffffffffffff, 80000000-0000-4000-8000-000000000000",
      // the low halves differ in their sign bit (a variant other than RFC 4122's; PostgreSQL stores any 16 bytes)
      "00000000-0000-4000-7fff-ffffffffffff, 00000000-0000-4000-8000-000000000000",
      // the first byte decides unsigned, the sign decides signed
      "0fffffff-ffff-4fff-bfff-ffffffffffff, f0000000-0000-4000-8000-000000000000"})
  void ids_compare_as_unsigned_bytes_not_as_javas_signed_halves(String lowText, String highText) {
    UUID low = UUID.fromString(lowText);
    UUID high = UUID.fromString(highText);
    assertThat(low.compareTo(high)).as("Java's signed order is the opposite").isPositive();
    User lowUser = TestUsers.withId(new UserId(low), "same-prefix@example.io");
    User highUser = TestUsers.withId(new UserId(high), "same-prefix@example.org");
    users.insert(lowUser);
    users.insert(highUser);

    assertThat(users.search(null, null, new Position("same-prefix@example.io", new UserId(low)), 10))
        .containsExactly(highUser);
    assertThat(users.search(null, null, new Position("same-prefix@example.io", new UserId(high)), 10))
        .containsExactly(highUser);
    assertThat(users.search(null, null, new Position("same-prefix@example.org", new UserId(low)), 10))
        .containsExactly(highUser);
    assertThat(users.search(null, null, new Position("same-prefix@example.org", new UserId(high)), 10)).isEmpty();
  }

  @Test
  void paging_neither_skips_nor_repeats_users_while_others_register() {
    int limit = 3;
    List<User> originals = IntStream.rangeClosed(1, 9)
        .mapToObj(i -> TestUsers.withEmail("page-" + i + "0@example.io"))
        .collect(Collectors.toList());
    originals.forEach(users::insert);
    List<User> expected = new ArrayList<>(originals);
    List<User> registeredBehind = new ArrayList<>();
    List<User> seen = new ArrayList<>();
    Position after = null;
    for (int page = 0; page < 50; page++) {
      List<User> found = users.search("page-", null, after, limit);
      assertThat(found).hasSizeLessThanOrEqualTo(limit);
      seen.addAll(found);
      if (found.size() < limit) {
        break;
      }
      User last = found.get(found.size() - 1);
      after = positionOf(last);
      User behind = TestUsers.withEmail("page-0" + page + "@example.io");
      User justAhead = TestUsers.withEmail(last.email().normalized().replace("@", "a@"));
      User farAhead = TestUsers.withEmail("page-99-" + page + "@example.io");
      for (User registered : List.of(behind, justAhead, farAhead)) {
        users.insert(registered);
      }
      registeredBehind.add(behind);
      expected.add(justAhead);
      expected.add(farAhead);
    }

    assertThat(seen).doesNotHaveDuplicates();
    assertThat(normalizedEmails(seen)).isSorted();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(seen).doesNotContainAnyElementsOf(registeredBehind);
  }

  @Test
  void paging_through_filtered_results_visits_every_match_once() {
    User a = TestUsers.withEmail("team-a@example.io");
    User c = TestUsers.withEmail("team-c@example.io");
    User d = TestUsers.withEmail("team-d@example.io");
    User e = TestUsers.withEmail("team-e@example.io");
    for (User user : List.of(e, TestUsers.withEmail("other@example.io"), c, a, d,
        TestUsers.withEmail("team-b@example.io").withStatus(UserStatus.DISABLED, T0))) {
      users.insert(user);
    }

    List<User> first = users.search("team-", UserStatus.ACTIVE, null, 2);
    List<User> second = users.search("team-", UserStatus.ACTIVE, positionOf(first.get(1)), 2);
    List<User> third = users.search("team-", UserStatus.ACTIVE, positionOf(second.get(1)), 2);

    assertThat(first).containsExactly(a, c);
    assertThat(second).containsExactly(d, e);
    assertThat(third).isEmpty();
  }

  private static User named(String email, String displayName) {
    return User.registered(TestUsers.newId(), Email.parse(email), displayName, TestUsers.PASSWORD_HASH, T0);
  }

  @Test
  void searching_by_display_name_prefix_ignores_ascii_case_and_keeps_the_email_order() {
    User adaL = named("z-ada@example.io", "Ada Lovelace");
    User adaB = named("b-ada@example.io", "ADA byron");
    User adam = named("m-adam@example.io", "adam");
    for (User user : List.of(adaL, adaB, adam, named("a-bada@example.io", "Bada"),
        named("c-none@example.io", null), named("ada-by-email@example.io", "Grace"))) {
      users.insert(user);
    }

    assertThat(users.search(null, "ada", null, null, 10)).containsExactly(adaB, adam, adaL);
    assertThat(users.search(null, "ada ", null, null, 10)).containsExactly(adaB, adaL);
    assertThat(users.search("b-", "ada", null, null, 10)).containsExactly(adaB);
    assertThat(users.search(null, "ada", UserStatus.DISABLED, null, 10)).isEmpty();
    assertThat(users.search(null, "zed", null, null, 10)).isEmpty();
    assertThat(users.search(null, null, null, null, 10)).hasSize(6);
  }

  @Test
  void searching_by_display_name_treats_like_wildcards_and_backslashes_as_ordinary_characters() {
    User percent = named("p@x.io", "50% off");
    User underscore = named("u@x.io", "a_b");
    User backslash = named("s@x.io", "a\\b");
    for (User user : List.of(percent, underscore, backslash, named("o@x.io", "50x off"), named("x@x.io", "axb"))) {
      users.insert(user);
    }

    assertThat(users.search(null, "50%", null, null, 10)).containsExactly(percent);
    assertThat(users.search(null, "a_", null, null, 10)).containsExactly(underscore);
    assertThat(users.search(null, "a\\", null, null, 10)).containsExactly(backslash);
    assertThat(users.search(null, "%", null, null, 10)).isEmpty();
  }

  @Test
  void paging_through_a_display_name_search_visits_every_match_once_in_email_order() {
    List<User> matches = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      User user = named("team-" + i + "@example.io", (i % 2 == 0 ? "Smith " : "SMITH ") + i);
      matches.add(user);
      users.insert(user);
      users.insert(named("other-" + i + "@example.io", "Jones " + i));
    }
    List<User> seen = new ArrayList<>();
    Position after = null;
    for (int page = 0; page < 10; page++) {
      List<User> found = users.search(null, "smith", null, after, 3);
      seen.addAll(found);
      if (found.size() < 3) {
        break;
      }
      after = positionOf(found.get(found.size() - 1));
    }

    assertThat(seen).containsExactlyElementsOf(matches);
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

  private static Position positionOf(User user) {
    return new Position(user.email().normalized(), user.id());
  }

  private static List<String> normalizedEmails(List<User> found) {
    return found.stream().map(user -> user.email().normalized()).collect(Collectors.toList());
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
