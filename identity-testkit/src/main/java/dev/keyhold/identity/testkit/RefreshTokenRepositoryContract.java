package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.RefreshToken;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.User;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RefreshTokenRepository}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. Sessions and tokens reference users, so each test first stores its users through
 * {@link IdentityStores#users()}, as a database with foreign keys requires.
 */
public abstract class RefreshTokenRepositoryContract {

  private RefreshTokenRepository tokens;
  private IdentityStores stores;
  private User alice;
  private User bob;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code users()} to create the
   * users its sessions belong to and their {@code refreshTokens()} as the repository under test. A database-backed
   * adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    tokens = stores.refreshTokens();
    alice = TestUsers.newUser();
    bob = TestUsers.newUser();
    stores.users().insert(alice);
    stores.users().insert(bob);
  }

  @Test
  void finding_an_unknown_token_hash_returns_empty() {
    start(TestTokens.session(alice.id(), T0));

    assertThat(tokens.findTokenByHash(TestTokens.randomHash())).isEmpty();
  }

  @Test
  void finding_an_unknown_session_returns_empty() {
    start(TestTokens.session(alice.id(), T0));

    assertThat(tokens.findSession(new SessionId(UUID.randomUUID()))).isEmpty();
  }

  @Test
  void a_started_session_and_its_first_token_round_trip_every_field() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    RefreshToken first = TestTokens.firstToken(session);

    tokens.startSession(session, first);

    assertThat(tokens.findSession(session.id())).contains(session);
    assertThat(tokens.findTokenByHash(first.hash())).contains(first);
  }

  @Test
  void a_token_is_found_with_its_session_as_the_two_reads_find_them_used_or_revoked() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    RefreshToken first = TestTokens.firstToken(session);
    tokens.startSession(session, first);
    RefreshToken second = TestTokens.nextToken(first, T0.plusSeconds(5));
    tokens.rotate(first.id(), second, T0.plusSeconds(5));
    tokens.revokeSession(session.id(), T0.plusSeconds(9));
    start(TestTokens.session(bob.id(), T0));

    RefreshTokenRepository.Presented used = tokens.findTokenWithSession(first.hash()).orElseThrow();
    RefreshTokenRepository.Presented live = tokens.findTokenWithSession(second.hash()).orElseThrow();

    assertThat(used.token()).isEqualTo(tokens.findTokenByHash(first.hash()).orElseThrow());
    assertThat(used.token().used()).isTrue();
    assertThat(live.token()).isEqualTo(second);
    assertThat(live.session()).isEqualTo(used.session()).isEqualTo(tokens.findSession(session.id()).orElseThrow());
    assertThat(live.session().revokedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(tokens.findTokenWithSession(TestTokens.randomHash())).isEmpty();
  }

  @Test
  void a_session_without_client_details_round_trips_with_nulls_and_no_auth_methods() {
    RefreshSession session =
        new RefreshSession(new SessionId(UUID.randomUUID()), alice.id(), T0, T0.plusSeconds(60), null, List.of(),
            null, null);

    start(session);

    assertThat(tokens.findSession(session.id())).contains(session);
  }

  @Test
  void starting_a_session_with_a_token_of_another_session_is_rejected_and_stores_nothing() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    RefreshToken foreign = TestTokens.firstToken(TestTokens.session(alice.id(), T0));

    assertThatThrownBy(() -> tokens.startSession(session, foreign)).isInstanceOf(IllegalArgumentException.class);

    assertThat(tokens.findSession(session.id())).isEmpty();
    assertThat(tokens.findSession(foreign.sessionId())).isEmpty();
    assertThat(tokens.findTokenByHash(foreign.hash())).isEmpty();
  }

  @Test
  void starting_a_session_with_a_token_of_another_user_is_rejected_and_stores_nothing() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    RefreshToken first = TestTokens.firstToken(session);
    RefreshToken bobs = new RefreshToken(first.id(), session.id(), bob.id(), first.hash(), first.issuedAt(), null);

    assertThatThrownBy(() -> tokens.startSession(session, bobs)).isInstanceOf(IllegalArgumentException.class);

    assertThat(tokens.findSession(session.id())).isEmpty();
    assertThat(tokens.findTokenByHash(bobs.hash())).isEmpty();
  }

  @Test
  void rotating_an_unused_token_marks_it_used_and_stores_the_replacement() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    Instant now = T0.plusSeconds(300);
    RefreshToken replacement = TestTokens.nextToken(first, now);

    assertThat(tokens.rotate(first.id(), replacement, now)).isTrue();

    assertThat(tokens.findTokenByHash(first.hash())).contains(TestTokens.usedAt(first, now));
    assertThat(tokens.findTokenByHash(replacement.hash())).contains(replacement);
  }

  @Test
  void rotating_an_already_used_token_stores_nothing() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    Instant firstUse = T0.plusSeconds(300);
    tokens.rotate(first.id(), TestTokens.nextToken(first, firstUse), firstUse);
    Instant replay = firstUse.plusSeconds(1);
    RefreshToken secondReplacement = TestTokens.nextToken(first, replay);

    assertThat(tokens.rotate(first.id(), secondReplacement, replay)).isFalse();

    assertThat(tokens.findTokenByHash(secondReplacement.hash())).isEmpty();
    assertThat(tokens.findTokenByHash(first.hash())).contains(TestTokens.usedAt(first, firstUse));
  }

  @Test
  void rotating_an_unknown_token_stores_nothing() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    RefreshToken replacement = TestTokens.nextToken(first, T0.plusSeconds(1));

    assertThat(tokens.rotate(UUID.randomUUID(), replacement, T0.plusSeconds(1))).isFalse();

    assertThat(tokens.findTokenByHash(replacement.hash())).isEmpty();
    assertThat(tokens.findTokenByHash(first.hash())).contains(first);
  }

  @Test
  void a_replacement_can_be_rotated_in_turn() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    RefreshToken second = TestTokens.nextToken(first, T0.plusSeconds(10));
    RefreshToken third = TestTokens.nextToken(second, T0.plusSeconds(20));

    assertThat(tokens.rotate(first.id(), second, T0.plusSeconds(10))).isTrue();
    assertThat(tokens.rotate(second.id(), third, T0.plusSeconds(20))).isTrue();

    assertThat(tokens.findTokenByHash(first.hash())).contains(TestTokens.usedAt(first, T0.plusSeconds(10)));
    assertThat(tokens.findTokenByHash(second.hash())).contains(TestTokens.usedAt(second, T0.plusSeconds(20)));
    assertThat(tokens.findTokenByHash(third.hash())).contains(third);
  }

  @Test
  void rotating_does_not_look_at_the_session() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    RefreshToken first = start(session);
    tokens.revokeSession(session.id(), T0.plusSeconds(5));
    RefreshToken replacement = TestTokens.nextToken(first, T0.plusSeconds(10));

    assertThat(tokens.rotate(first.id(), replacement, T0.plusSeconds(10))).isTrue();

    assertThat(tokens.findTokenByHash(replacement.hash())).contains(replacement);
    assertThat(tokens.findSession(session.id())).contains(TestTokens.revokedAt(session, T0.plusSeconds(5)));
  }

  @Test
  void replacing_the_successor_of_a_used_token_supersedes_it_and_stores_the_replacement() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    Instant used = T0.plusSeconds(300);
    RefreshToken successor = rotated(first, used);
    RefreshToken retried = stored(first);
    Instant retry = used.plusSeconds(20);
    RefreshToken replacement = TestTokens.nextToken(first, retry);

    assertThat(tokens.replaceSuccessor(retried, replacement, retry)).isTrue();

    assertThat(tokens.findTokenByHash(successor.hash())).contains(TestTokens.supersededAt(successor, retry));
    assertThat(tokens.findTokenByHash(replacement.hash())).contains(replacement);
    assertThat(tokens.findTokenByHash(first.hash())).contains(TestTokens.usedAt(first, used));
    assertThat(tokens.findTokenWithSession(successor.hash()).orElseThrow().token().superseded()).isTrue();
  }

  @Test
  void a_successor_is_replaced_once_and_never_after_it_was_used() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    Instant used = T0.plusSeconds(300);
    rotated(first, used);
    RefreshToken retried = stored(first);
    RefreshToken onceMore = TestTokens.nextToken(first, used.plusSeconds(2));
    tokens.replaceSuccessor(retried, TestTokens.nextToken(first, used.plusSeconds(1)), used.plusSeconds(1));

    assertThat(tokens.replaceSuccessor(retried, onceMore, used.plusSeconds(2))).isFalse();
    assertThat(tokens.findTokenByHash(onceMore.hash())).isEmpty();

    RefreshToken other = start(TestTokens.session(alice.id(), T0));
    RefreshToken otherSuccessor = rotated(other, used);
    tokens.rotate(otherSuccessor.id(), TestTokens.nextToken(other, used.plusSeconds(5)), used.plusSeconds(5));
    RefreshToken late = TestTokens.nextToken(other, used.plusSeconds(6));

    assertThat(tokens.replaceSuccessor(stored(other), late, used.plusSeconds(6)))
        .as("the successor was used by its holder").isFalse();
    assertThat(tokens.findTokenByHash(late.hash())).isEmpty();
    assertThat(tokens.findTokenByHash(otherSuccessor.hash()))
        .contains(TestTokens.usedAt(otherSuccessor, used.plusSeconds(5)));
  }

  @Test
  void the_successor_is_the_token_the_rotation_stored_even_when_the_next_rotation_came_at_the_same_instant() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    Instant now = T0.plusSeconds(300);
    RefreshToken successor = TestTokens.nextToken(first, now);
    RefreshToken third = TestTokens.nextToken(first, now);
    tokens.rotate(first.id(), successor, now);
    tokens.rotate(successor.id(), third, now);
    RefreshToken attempt = TestTokens.nextToken(first, now);

    assertThat(tokens.replaceSuccessor(stored(first), attempt, now)).isFalse();

    assertThat(tokens.findTokenByHash(third.hash())).contains(third);
    assertThat(tokens.findTokenByHash(attempt.hash())).isEmpty();
  }

  @Test
  void only_a_token_used_by_a_rotation_has_its_successor_replaced() {
    RefreshToken first = start(TestTokens.session(alice.id(), T0));
    Instant used = T0.plusSeconds(300);
    RefreshToken successor = rotated(first, used);
    RefreshToken replacement = TestTokens.nextToken(first, used.plusSeconds(1));
    tokens.replaceSuccessor(stored(first), replacement, used.plusSeconds(1));
    RefreshToken superseded = stored(successor);
    RefreshToken attempt = TestTokens.nextToken(first, used.plusSeconds(2));

    assertThat(tokens.replaceSuccessor(superseded, attempt, used.plusSeconds(2)))
        .as("a superseded token's successor is the retry's replacement, which stays").isFalse();
    assertThat(tokens.replaceSuccessor(stored(replacement), attempt,
        used.plusSeconds(2))).as("an unused token").isFalse();
    assertThat(tokens.replaceSuccessor(TestTokens.usedAt(replacement, used.plusSeconds(1)), attempt,
        used.plusSeconds(2))).as("a token used only in the caller's copy").isFalse();
    assertThat(tokens.findTokenByHash(attempt.hash())).isEmpty();
    assertThat(tokens.findTokenByHash(replacement.hash())).contains(replacement);
    assertThatThrownBy(() -> tokens.replaceSuccessor(stored(first),
        TestTokens.firstToken(TestTokens.session(alice.id(), T0)), used.plusSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrent_retries_and_a_rotation_of_the_successor_let_exactly_one_win() {
    int threads = 16;
    Instant used = T0.plusSeconds(300);
    Instant now = used.plusSeconds(10);
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      RefreshToken first = start(TestTokens.session(alice.id(), T0));
      RefreshToken successor = rotated(first, used);
      RefreshToken retried = stored(first);
      List<RefreshToken> replacements = IntStream.range(0, threads)
          .mapToObj(i -> TestTokens.nextToken(first, now))
          .collect(Collectors.toList());

      // thread 0 rotates the successor as its holder would; the others retry the used token
      List<Outcome<Boolean>> outcomes = Concurrently.call(threads, i -> i == 0
          ? tokens.rotate(successor.id(), replacements.get(0), now)
          : tokens.replaceSuccessor(retried, replacements.get(i), now));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Integer> winners = Concurrently.winners(outcomes);
      assertThat(winners).as("round %d", round).hasSize(1);
      List<RefreshToken> stored = replacements.stream()
          .filter(replacement -> tokens.findTokenByHash(replacement.hash()).isPresent())
          .collect(Collectors.toList());
      assertThat(stored).as("round %d", round).containsExactly(replacements.get(winners.get(0)));
      RefreshToken after = stored(successor);
      assertThat(after.superseded()).as("round %d", round).isEqualTo(winners.get(0) != 0);
    }
  }

  @Test
  void revoking_a_session_sets_the_revocation_time_and_keeps_the_session_findable() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    RefreshToken first = start(session);
    Instant now = T0.plusSeconds(60);

    assertThat(tokens.revokeSession(session.id(), now)).isTrue();

    assertThat(tokens.findSession(session.id())).contains(TestTokens.revokedAt(session, now));
    assertThat(tokens.findTokenByHash(first.hash())).contains(first);
  }

  @Test
  void revoking_a_session_twice_revokes_it_once() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    start(session);

    assertThat(tokens.revokeSession(session.id(), T0.plusSeconds(60))).isTrue();
    assertThat(tokens.revokeSession(session.id(), T0.plusSeconds(120))).isFalse();

    assertThat(tokens.findSession(session.id())).contains(TestTokens.revokedAt(session, T0.plusSeconds(60)));
  }

  @Test
  void revoking_an_unknown_session_returns_false() {
    assertThat(tokens.revokeSession(new SessionId(UUID.randomUUID()), T0)).isFalse();
  }

  @Test
  void revoking_a_session_leaves_the_users_other_sessions_active() {
    RefreshSession revoked = TestTokens.session(alice.id(), T0);
    RefreshSession kept = TestTokens.session(alice.id(), T0.plusSeconds(1));
    start(revoked);
    start(kept);

    tokens.revokeSession(revoked.id(), T0.plusSeconds(60));

    assertThat(tokens.findSession(kept.id())).contains(kept);
  }

  @Test
  void revoking_all_sessions_revokes_only_that_users_active_sessions_and_counts_them() {
    RefreshSession active1 = started(TestTokens.session(alice.id(), T0));
    RefreshSession active2 = started(TestTokens.session(alice.id(), T0.plusSeconds(1)));
    RefreshSession active3 = started(TestTokens.session(alice.id(), T0.plusSeconds(2)));
    RefreshSession revokedEarlier = started(TestTokens.session(alice.id(), T0.plusSeconds(3)));
    tokens.revokeSession(revokedEarlier.id(), T0.plusSeconds(10));
    RefreshSession expired = started(TestTokens.session(alice.id(), T0, T0.plusSeconds(50)));
    RefreshSession bobs1 = started(TestTokens.session(bob.id(), T0));
    RefreshSession bobs2 = started(TestTokens.session(bob.id(), T0.plusSeconds(1)));
    Instant now = T0.plusSeconds(100);

    assertThat(tokens.revokeAllSessions(alice.id(), now)).isEqualTo(3);

    for (RefreshSession session : List.of(active1, active2, active3)) {
      assertThat(tokens.findSession(session.id())).contains(TestTokens.revokedAt(session, now));
    }
    assertThat(tokens.findSession(revokedEarlier.id()))
        .contains(TestTokens.revokedAt(revokedEarlier, T0.plusSeconds(10)));
    assertThat(tokens.findSession(expired.id())).isPresent();
    assertThat(tokens.findActiveSessions(alice.id(), now)).isEmpty();
    assertThat(tokens.findSession(bobs1.id())).contains(bobs1);
    assertThat(tokens.findSession(bobs2.id())).contains(bobs2);
    assertThat(tokens.findActiveSessions(bob.id(), now)).containsExactly(bobs2, bobs1);
  }

  @Test
  void revoking_all_sessions_again_revokes_nothing() {
    start(TestTokens.session(alice.id(), T0));
    start(TestTokens.session(alice.id(), T0.plusSeconds(1)));

    assertThat(tokens.revokeAllSessions(alice.id(), T0.plusSeconds(60))).isEqualTo(2);
    assertThat(tokens.revokeAllSessions(alice.id(), T0.plusSeconds(120))).isZero();
  }

  @Test
  void revoking_all_sessions_of_a_user_without_sessions_returns_zero() {
    start(TestTokens.session(bob.id(), T0));

    assertThat(tokens.revokeAllSessions(alice.id(), T0.plusSeconds(60))).isZero();
  }

  @Test
  void active_sessions_are_listed_newest_first() {
    RefreshSession oldest = TestTokens.session(alice.id(), T0);
    RefreshSession newest = TestTokens.session(alice.id(), T0.plus(Duration.ofHours(2)));
    RefreshSession middle = TestTokens.session(alice.id(), T0.plus(Duration.ofHours(1)));
    start(oldest);
    start(newest);
    start(middle);

    assertThat(tokens.findActiveSessions(alice.id(), T0.plus(Duration.ofHours(3))))
        .containsExactly(newest, middle, oldest);
  }

  @Test
  void active_sessions_exclude_revoked_and_expired_sessions() {
    Instant now = T0.plus(Duration.ofHours(1));
    RefreshSession active = started(TestTokens.session(alice.id(), T0));
    RefreshSession revoked = started(TestTokens.session(alice.id(), T0.plusSeconds(1)));
    tokens.revokeSession(revoked.id(), T0.plusSeconds(2));
    start(TestTokens.session(alice.id(), T0.plusSeconds(3), T0.plusSeconds(4)));
    start(TestTokens.session(alice.id(), T0.plusSeconds(5), now));
    RefreshSession endsJustAfterNow =
        started(TestTokens.session(alice.id(), T0.plusSeconds(6), now.plusNanos(1_000)));

    assertThat(tokens.findActiveSessions(alice.id(), now)).containsExactly(endsJustAfterNow, active);
  }

  @Test
  void active_sessions_exclude_other_users_sessions() {
    RefreshSession alices = started(TestTokens.session(alice.id(), T0));
    start(TestTokens.session(bob.id(), T0.plusSeconds(1)));

    assertThat(tokens.findActiveSessions(alice.id(), T0.plusSeconds(60))).containsExactly(alices);
  }

  @Test
  void the_last_issue_time_is_the_first_tokens_until_a_rotation_and_then_the_latest_replacements() {
    RefreshSession rotated = TestTokens.session(alice.id(), T0);
    RefreshToken first = start(rotated);
    RefreshSession untouched = started(TestTokens.session(alice.id(), T0.plusSeconds(5)));
    RefreshToken second = TestTokens.nextToken(first, T0.plusSeconds(100));
    tokens.rotate(first.id(), second, T0.plusSeconds(100));
    tokens.rotate(second.id(), TestTokens.nextToken(second, T0.plusSeconds(200)), T0.plusSeconds(200));
    start(TestTokens.session(bob.id(), T0.plusSeconds(7)));

    assertThat(tokens.lastTokenIssuedAt(alice.id())).isEqualTo(Map.of(
        rotated.id(), T0.plusSeconds(200),
        untouched.id(), untouched.createdAt()));
  }

  @Test
  void a_user_without_sessions_has_no_last_issue_times() {
    assertThat(tokens.lastTokenIssuedAt(alice.id())).isEmpty();
  }

  @Test
  void deleting_the_user_deletes_their_sessions_and_tokens_with_them() {
    RefreshSession alices = TestTokens.session(alice.id(), T0);
    RefreshToken alicesToken = start(alices);
    RefreshSession bobs = started(TestTokens.session(bob.id(), T0));

    stores.users().delete(alice.id());

    assertThat(tokens.findSession(alices.id())).isEmpty();
    assertThat(tokens.findTokenByHash(alicesToken.hash())).isEmpty();
    assertThat(tokens.findActiveSessions(alice.id(), T0.plusSeconds(1))).isEmpty();
    assertThat(tokens.findSession(bobs.id())).contains(bobs);
  }

  @Test
  void a_user_without_sessions_has_no_active_sessions() {
    assertThat(tokens.findActiveSessions(alice.id(), T0)).isEmpty();
  }

  @Test
  void concurrent_rotations_of_one_token_let_exactly_one_win_and_store_one_replacement() {
    int threads = 32;
    Instant now = T0.plusSeconds(300);
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      RefreshToken first = start(TestTokens.session(alice.id(), T0));
      List<RefreshToken> replacements = IntStream.range(0, threads)
          .mapToObj(i -> TestTokens.nextToken(first, now))
          .collect(Collectors.toList());

      List<Outcome<Boolean>> outcomes =
          Concurrently.call(threads, i -> tokens.rotate(first.id(), replacements.get(i), now));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<Integer> winners = Concurrently.winners(outcomes);
      assertThat(winners).as("round %d", round).hasSize(1);
      List<RefreshToken> stored = replacements.stream()
          .filter(replacement -> tokens.findTokenByHash(replacement.hash()).isPresent())
          .collect(Collectors.toList());
      assertThat(stored).as("round %d", round).containsExactly(replacements.get(winners.get(0)));
      assertThat(tokens.findTokenByHash(first.hash())).contains(TestTokens.usedAt(first, now));
    }
  }

  @Test
  void concurrent_revocations_of_one_session_let_exactly_one_report_it() {
    RefreshSession session = TestTokens.session(alice.id(), T0);
    start(session);

    List<Outcome<Boolean>> outcomes =
        Concurrently.call(16, i -> tokens.revokeSession(session.id(), T0.plusSeconds(i + 1)));

    assertThat(outcomes).allMatch(Outcome::succeeded);
    List<Integer> winners = Concurrently.winners(outcomes);
    assertThat(winners).hasSize(1);
    assertThat(tokens.findSession(session.id()))
        .contains(TestTokens.revokedAt(session, T0.plusSeconds(winners.get(0) + 1)));
  }

  /** Rotates {@code token} at {@code at} and returns its successor. */
  private RefreshToken rotated(RefreshToken token, Instant at) {
    RefreshToken successor = TestTokens.nextToken(token, at);
    assertThat(tokens.rotate(token.id(), successor, at)).isTrue();
    return successor;
  }

  /** {@code token} as the repository holds it now. */
  private RefreshToken stored(RefreshToken token) {
    return tokens.findTokenByHash(token.hash()).orElseThrow();
  }

  /** Starts {@code session} with a fresh first token and returns that token. */
  private RefreshToken start(RefreshSession session) {
    RefreshToken first = TestTokens.firstToken(session);
    tokens.startSession(session, first);
    return first;
  }

  /** Starts {@code session} with a fresh first token and returns the session. */
  private RefreshSession started(RefreshSession session) {
    start(session);
    return session;
  }
}
