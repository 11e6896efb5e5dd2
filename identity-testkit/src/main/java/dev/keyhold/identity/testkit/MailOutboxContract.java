package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.MailOutbox.Entry;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MailOutbox}: every adapter's test extends this class and implements {@link #createEmpty()}.
 * The port has no finder, so the contract reads entries back through {@code claim}, which returns them as they are
 * after the claim, and through {@code backlog}.
 *
 * <p>An entry is due when its {@code nextAttemptAt} is at or before {@code now}. Claimed entries come back oldest
 * first; the contract checks that order only for entries never attempted, whose {@code createdAt} and
 * {@code nextAttemptAt} agree. Instants round-trip with microsecond precision.
 */
public abstract class MailOutboxContract {

  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(365));

  private MailOutbox outbox;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code mailOutbox()} as the
   * outbox under test. A database-backed adapter empties its tables here (and may return the same instance every
   * time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    outbox = createEmpty().mailOutbox();
  }

  @Test
  void an_empty_outbox_has_no_backlog_and_nothing_to_claim() {
    assertThat(outbox.backlog()).isZero();
    assertThat(outbox.claim(FAR_FUTURE, 10, LEASE)).isEmpty();
  }

  @Test
  void an_enqueued_message_is_claimed_at_once_with_one_attempt_and_leased() {
    UUID id = UUID.randomUUID();
    Mailer.Message message = TestMails.fullyPopulated("ada@example.io");
    outbox.enqueue(id, message, T0);

    assertThat(outbox.backlog()).isEqualTo(1);
    assertThat(outbox.claim(T0, 10, LEASE)).containsExactly(new Entry(id, message, T0, 1, T0.plus(LEASE), null));
  }

  @Test
  void a_text_only_message_round_trips_without_html() {
    UUID id = UUID.randomUUID();
    Mailer.Message message = TestMails.message("grace@example.io");
    Instant enqueuedAt = T0.plusNanos(7_000);
    outbox.enqueue(id, message, enqueuedAt);

    assertThat(outbox.claim(enqueuedAt.plusSeconds(1), 10, LEASE))
        .containsExactly(new Entry(id, message, enqueuedAt, 1, enqueuedAt.plusSeconds(1).plus(LEASE), null));
  }

  @Test
  void a_message_is_not_claimed_before_it_is_due() {
    outbox.enqueue(UUID.randomUUID(), TestMails.message("ada@example.io"), T0);

    assertThat(outbox.claim(T0.minus(1, ChronoUnit.MICROS), 10, LEASE)).isEmpty();
    assertThat(outbox.backlog()).isEqualTo(1);
  }

  @Test
  void a_claimed_message_is_not_claimed_again_before_its_lease_ends() {
    UUID id = UUID.randomUUID();
    outbox.enqueue(id, TestMails.message("ada@example.io"), T0);
    outbox.claim(T0, 10, LEASE);

    assertThat(outbox.claim(T0, 10, LEASE)).isEmpty();
    assertThat(outbox.claim(T0.plus(LEASE).minus(1, ChronoUnit.MICROS), 10, LEASE)).isEmpty();
    assertThat(outbox.backlog()).isEqualTo(1);
  }

  @Test
  void a_message_whose_claimer_died_is_claimed_again_when_the_lease_ends() {
    UUID id = UUID.randomUUID();
    Mailer.Message message = TestMails.message("ada@example.io");
    outbox.enqueue(id, message, T0);
    outbox.claim(T0, 10, LEASE);
    Instant leaseEnd = T0.plus(LEASE);

    assertThat(outbox.claim(leaseEnd, 10, LEASE))
        .containsExactly(new Entry(id, message, T0, 2, leaseEnd.plus(LEASE), null));
  }

  @Test
  void a_sent_message_is_never_claimed_again_and_leaves_the_backlog() {
    UUID sent = UUID.randomUUID();
    UUID waiting = UUID.randomUUID();
    outbox.enqueue(sent, TestMails.message("ada@example.io"), T0);
    outbox.enqueue(waiting, TestMails.message("grace@example.io"), T0.plusSeconds(1));
    outbox.claim(T0, 1, LEASE);

    outbox.markSent(sent, T0.plusSeconds(2));

    assertThat(outbox.backlog()).isEqualTo(1);
    assertThat(ids(outbox.claim(FAR_FUTURE, 10, LEASE))).containsExactly(waiting);
    assertThat(outbox.claim(FAR_FUTURE.plus(LEASE), 10, LEASE)).extracting(Entry::id).doesNotContain(sent);
  }

  @Test
  void marking_sent_twice_changes_nothing_more() {
    UUID id = UUID.randomUUID();
    outbox.enqueue(id, TestMails.message("ada@example.io"), T0);
    outbox.claim(T0, 10, LEASE);

    outbox.markSent(id, T0.plusSeconds(1));
    outbox.markSent(id, T0.plusSeconds(2));

    assertThat(outbox.backlog()).isZero();
    assertThat(outbox.claim(FAR_FUTURE, 10, LEASE)).isEmpty();
  }

  @Test
  void a_failed_message_is_claimed_again_at_its_next_attempt_not_before_and_keeps_the_error() {
    UUID id = UUID.randomUUID();
    Mailer.Message message = TestMails.message("ada@example.io");
    outbox.enqueue(id, message, T0);
    outbox.claim(T0, 10, LEASE);
    Instant retryAt = T0.plus(Duration.ofMinutes(5)).plusNanos(3_000);

    outbox.markFailed(id, "421 service not available", retryAt);

    assertThat(outbox.backlog()).isEqualTo(1);
    assertThat(outbox.claim(retryAt.minus(1, ChronoUnit.MICROS), 10, LEASE)).isEmpty();
    assertThat(outbox.claim(retryAt, 10, LEASE))
        .containsExactly(new Entry(id, message, T0, 2, retryAt.plus(LEASE), "421 service not available"));
  }

  @Test
  void a_failure_can_schedule_the_retry_before_the_lease_would_have_ended() {
    UUID id = UUID.randomUUID();
    outbox.enqueue(id, TestMails.message("ada@example.io"), T0);
    outbox.claim(T0, 10, LEASE);
    Instant retryAt = T0.plusSeconds(1);

    outbox.markFailed(id, "connection refused", retryAt);

    assertThat(ids(outbox.claim(retryAt, 10, LEASE))).containsExactly(id);
  }

  @Test
  void claiming_takes_at_most_max_messages_oldest_first() {
    List<UUID> enqueued = new ArrayList<>();
    for (int i = 4; i >= 0; i--) {
      UUID id = UUID.randomUUID();
      outbox.enqueue(id, TestMails.message("user" + i + "@example.io"), T0.plusSeconds(i));
      enqueued.add(0, id);
    }
    Instant now = T0.plusSeconds(10);

    assertThat(ids(outbox.claim(now, 2, LEASE))).containsExactly(enqueued.get(0), enqueued.get(1));
    assertThat(ids(outbox.claim(now, 10, LEASE)))
        .containsExactly(enqueued.get(2), enqueued.get(3), enqueued.get(4));
    assertThat(outbox.backlog()).isEqualTo(5);
  }

  @Test
  void claiming_takes_only_the_messages_that_are_due() {
    UUID due = UUID.randomUUID();
    UUID later = UUID.randomUUID();
    outbox.enqueue(due, TestMails.message("ada@example.io"), T0);
    outbox.enqueue(later, TestMails.message("grace@example.io"), T0.plusSeconds(60));

    assertThat(ids(outbox.claim(T0.plusSeconds(30), 10, LEASE))).containsExactly(due);
  }

  @Test
  void concurrent_claims_give_each_message_to_exactly_one_claimer() {
    int messages = 8;
    int claimers = 16;
    Instant now = T0.plusSeconds(1);
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<UUID> enqueued = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        UUID id = UUID.randomUUID();
        outbox.enqueue(id, TestMails.message("round" + round + "-" + i + "@example.io"), T0);
        enqueued.add(id);
      }

      List<Outcome<List<Entry>>> outcomes = Concurrently.call(claimers, i -> outbox.claim(now, 1, LEASE));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<UUID> claimed = outcomes.stream()
          .flatMap(outcome -> outcome.value().stream())
          .map(Entry::id)
          .collect(Collectors.toList());
      assertThat(claimed).as("round %d", round).containsExactlyInAnyOrderElementsOf(enqueued);
      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value()).hasSizeLessThanOrEqualTo(1));
    }
  }

  private static List<UUID> ids(List<Entry> entries) {
    return entries.stream().map(Entry::id).collect(Collectors.toList());
  }
}
