package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.external.ExternalIdentity;
import dev.keyhold.identity.model.external.ExternalIdentityId;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.ExternalIdentityRepository;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ExternalIdentityRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Links reference users, so each test first stores its users through
 * {@link IdentityStores#users()}, as a database with foreign keys requires.
 *
 * <p>Issuers and subjects are compared exactly, as the provider wrote them: case matters (a subject is opaque to the
 * relying party), so a store that folds case or trims fails.
 */
public abstract class ExternalIdentityRepositoryContract {

  private static final String ISSUER = "https://accounts.example.test";
  private static final String OTHER_ISSUER = "https://login.example.test/tenant/v2.0";

  private ExternalIdentityRepository identities;
  private User alice;
  private User bob;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code users()} to create the
   * users its links belong to and their {@code externalIdentities()} as the repository under test. A database-backed
   * adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    IdentityStores stores = createEmpty();
    identities = stores.externalIdentities();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
  }

  @Test
  void finding_an_unknown_issuer_and_subject_returns_empty() {
    identities.insert(link(alice, ISSUER, "alice-sub", T0));

    assertThat(identities.find(ISSUER, "someone-else")).isEmpty();
    assertThat(identities.find(OTHER_ISSUER, "alice-sub")).isEmpty();
  }

  @Test
  void an_inserted_link_round_trips_every_field() {
    ExternalIdentity link = new ExternalIdentity(newId(), alice.id(), "acme", longest("https://i.example/"),
        longest("sub-\u00e9-"), "Ada.Lovelace@Example.IO", T0.plusNanos(123_000));

    assertThat(identities.insert(link)).isTrue();

    assertThat(identities.find(link.issuer(), link.subject())).contains(link);
    assertThat(identities.listByUser(alice.id())).containsExactly(link);
  }

  @Test
  void a_link_without_an_email_round_trips_with_null() {
    ExternalIdentity link = new ExternalIdentity(newId(), alice.id(), "acme", ISSUER, "no-mail", null, T0);

    identities.insert(link);

    assertThat(identities.find(ISSUER, "no-mail")).contains(link);
  }

  @Test
  void issuer_and_subject_are_matched_exactly_not_ignoring_case() {
    ExternalIdentity link = link(alice, ISSUER, "AbC", T0);
    identities.insert(link);

    assertThat(identities.find(ISSUER, "abc")).isEmpty();
    assertThat(identities.find(ISSUER.toUpperCase(), "AbC")).isEmpty();
    assertThat(identities.find(ISSUER, "AbC ")).isEmpty();
    assertThat(identities.insert(link(bob, ISSUER, "abc", T0))).as("another subject").isTrue();
    assertThat(identities.find(ISSUER, "AbC")).contains(link);
  }

  @Test
  void inserting_an_issuer_and_subject_that_is_linked_returns_false_and_keeps_the_first_link() {
    ExternalIdentity first = link(alice, ISSUER, "shared-sub", T0);
    identities.insert(first);

    assertThat(identities.insert(link(alice, ISSUER, "shared-sub", T0.plusSeconds(1)))).as("same user").isFalse();
    assertThat(identities.insert(link(bob, ISSUER, "shared-sub", T0.plusSeconds(2)))).as("another user").isFalse();

    assertThat(identities.find(ISSUER, "shared-sub")).contains(first);
    assertThat(identities.listByUser(alice.id())).containsExactly(first);
    assertThat(identities.listByUser(bob.id())).isEmpty();
  }

  @Test
  void one_subject_at_two_issuers_is_two_links() {
    ExternalIdentity atOne = link(alice, ISSUER, "same-sub", T0);
    ExternalIdentity atOther = link(bob, OTHER_ISSUER, "same-sub", T0.plusSeconds(1));

    assertThat(identities.insert(atOne)).isTrue();
    assertThat(identities.insert(atOther)).isTrue();

    assertThat(identities.find(ISSUER, "same-sub")).contains(atOne);
    assertThat(identities.find(OTHER_ISSUER, "same-sub")).contains(atOther);
  }

  @Test
  void a_user_may_have_several_links_listed_oldest_first() {
    ExternalIdentity middle = link(alice, OTHER_ISSUER, "b", T0.plusSeconds(10));
    ExternalIdentity newest = link(alice, ISSUER, "c", T0.plusSeconds(20));
    ExternalIdentity oldest = link(alice, ISSUER, "a", T0);
    identities.insert(middle);
    identities.insert(newest);
    identities.insert(oldest);
    identities.insert(link(bob, ISSUER, "bob", T0.plusSeconds(5)));

    assertThat(identities.listByUser(alice.id())).containsExactly(oldest, middle, newest);
  }

  @Test
  void listing_a_user_without_links_returns_an_empty_list() {
    identities.insert(link(bob, ISSUER, "bob", T0));

    assertThat(identities.listByUser(alice.id())).isEmpty();
  }

  @Test
  void deleting_a_users_own_link_returns_true_and_frees_its_issuer_and_subject() {
    ExternalIdentity link = link(alice, ISSUER, "freed", T0);
    identities.insert(link);

    assertThat(identities.delete(alice.id(), link.id())).isTrue();

    assertThat(identities.find(ISSUER, "freed")).isEmpty();
    assertThat(identities.listByUser(alice.id())).isEmpty();
    ExternalIdentity relinked = link(bob, ISSUER, "freed", T0.plusSeconds(60));
    assertThat(identities.insert(relinked)).isTrue();
    assertThat(identities.find(ISSUER, "freed")).contains(relinked);
  }

  @Test
  void deleting_another_users_link_returns_false_and_keeps_it() {
    ExternalIdentity alices = link(alice, ISSUER, "alices", T0);
    identities.insert(alices);

    assertThat(identities.delete(bob.id(), alices.id())).isFalse();

    assertThat(identities.find(ISSUER, "alices")).contains(alices);
    assertThat(identities.listByUser(alice.id())).containsExactly(alices);
  }

  @Test
  void deleting_an_unknown_link_returns_false() {
    identities.insert(link(alice, ISSUER, "kept", T0));

    assertThat(identities.delete(alice.id(), newId())).isFalse();

    assertThat(identities.listByUser(alice.id())).hasSize(1);
  }

  @Test
  void deleting_twice_returns_false_the_second_time() {
    ExternalIdentity link = link(alice, ISSUER, "twice", T0);
    identities.insert(link);

    assertThat(identities.delete(alice.id(), link.id())).isTrue();
    assertThat(identities.delete(alice.id(), link.id())).isFalse();
  }

  @Test
  void a_users_links_are_untouched_by_changes_to_another_users() {
    ExternalIdentity alices = link(alice, ISSUER, "alice", T0);
    identities.insert(alices);
    ExternalIdentity bobs = link(bob, ISSUER, "bob", T0.plusSeconds(1));
    ExternalIdentity bobsSecond = link(bob, OTHER_ISSUER, "bob", T0.plusSeconds(2));

    identities.insert(bobs);
    identities.insert(bobsSecond);
    identities.delete(bob.id(), bobs.id());

    assertThat(identities.listByUser(alice.id())).containsExactly(alices);
    assertThat(identities.find(ISSUER, "alice")).contains(alices);
    assertThat(identities.listByUser(bob.id())).containsExactly(bobsSecond);
  }

  @Test
  void concurrent_inserts_of_one_issuer_and_subject_let_exactly_one_succeed() {
    int threads = 16;
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String subject = "raced-" + round;
      List<ExternalIdentity> candidates = IntStream.range(0, threads)
          .mapToObj(i -> link(i % 2 == 0 ? alice : bob, ISSUER, subject, T0.plusSeconds(i)))
          .collect(Collectors.toList());

      List<Outcome<Boolean>> outcomes = Concurrently.call(threads, i -> identities.insert(candidates.get(i)));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Integer> winners = Concurrently.winners(outcomes);
      assertThat(winners).as("round %d", round).hasSize(1);
      ExternalIdentity winner = candidates.get(winners.get(0));
      assertThat(identities.find(ISSUER, subject)).contains(winner);
      long stored = identities.listByUser(alice.id()).stream()
          .filter(link -> link.subject().equals(subject)).count()
          + identities.listByUser(bob.id()).stream().filter(link -> link.subject().equals(subject)).count();
      assertThat(stored).as("round %d", round).isEqualTo(1);
    }
  }

  /** A link of {@code user} to {@code subject} at {@code issuer}, with a fresh id, made at {@code at}. */
  private static ExternalIdentity link(User user, String issuer, String subject, Instant at) {
    return new ExternalIdentity(newId(), user.id(), "acme", issuer, subject, "someone@example.io", at);
  }

  private static ExternalIdentityId newId() {
    return new ExternalIdentityId(UUID.randomUUID());
  }

  /** {@code prefix} padded to the longest issuer or subject a store must hold. */
  private static String longest(String prefix) {
    StringBuilder value = new StringBuilder(prefix);
    while (value.length() < ExternalIdentity.MAX_KEY_LENGTH) {
      value.append((char) ('a' + value.length() % 26));
    }
    return value.toString();
  }
}
