package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.spi.LinkRequestQueue.Kind;
import dev.keyhold.identity.spi.LinkRequestQueue.Request;
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
 * The contract of {@link LinkRequestQueue}: every adapter's test extends this class and implements
 * {@link #createEmpty()}. The port has no finder, so the contract reads requests back through {@code claim}, which
 * returns them as they are after the claim, and through {@code backlog}. "Oldest first" means by {@code requestedAt},
 * then in enqueue order. Instants round-trip with microsecond precision.
 */
public abstract class LinkRequestQueueContract {

  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "Mozilla/5.0 (X11)", "req-42");

  private LinkRequestQueue queue;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code linkRequests()} as the
   * queue under test. A database-backed adapter empties its tables here (and may return the same instance every time).
   */
  protected abstract IdentityStores createEmpty();

  @BeforeEach
  void createStores() {
    queue = createEmpty().linkRequests();
  }

  @Test
  void an_empty_queue_has_no_backlog_and_nothing_to_claim() {
    assertThat(queue.backlog()).isZero();
    assertThat(queue.claim(T0.plus(Duration.ofDays(365)), 10, LEASE)).isEmpty();
  }

  @Test
  void a_queued_request_is_claimed_at_once_with_every_field_and_one_attempt() {
    Request reset = Request.accepted(UUID.randomUUID(), Kind.PASSWORD_RESET, "Ada.Lovelace@Example.io", CLIENT, T0);
    Request resend = Request.accepted(UUID.randomUUID(), Kind.VERIFICATION, "grace@example.io", ClientInfo.unknown(),
        T0.plusNanos(7_000));
    queue.enqueue(reset);
    queue.enqueue(resend);

    assertThat(queue.backlog()).isEqualTo(2);
    assertThat(queue.claim(T0.plusSeconds(1), 10, LEASE)).containsExactly(
        new Request(reset.id(), Kind.PASSWORD_RESET, "Ada.Lovelace@Example.io", CLIENT, T0, 1),
        new Request(resend.id(), Kind.VERIFICATION, "grace@example.io", ClientInfo.unknown(), T0.plusNanos(7_000), 1));
  }

  @Test
  void attempts_given_to_enqueue_are_stored_as_zero() {
    queue.enqueue(new Request(UUID.randomUUID(), Kind.PASSWORD_RESET, "ada@example.io", CLIENT, T0, 5));

    assertThat(queue.claim(T0, 1, LEASE)).singleElement().extracting(Request::attempts).isEqualTo(1);
  }

  @Test
  void a_request_is_not_claimed_before_it_was_accepted() {
    queue.enqueue(request("ada@example.io", T0));

    assertThat(queue.claim(T0.minus(1, ChronoUnit.MICROS), 10, LEASE)).isEmpty();
    assertThat(queue.claim(T0, 10, LEASE)).hasSize(1);
  }

  @Test
  void a_claimed_request_is_leased_then_claimed_again_with_another_attempt() {
    Request request = request("ada@example.io", T0);
    queue.enqueue(request);
    queue.claim(T0, 10, LEASE);

    assertThat(queue.claim(T0.plus(LEASE).minus(1, ChronoUnit.MICROS), 10, LEASE)).isEmpty();
    assertThat(queue.backlog()).as("a claimed request still waits").isEqualTo(1);
    assertThat(queue.claim(T0.plus(LEASE), 10, LEASE)).singleElement()
        .satisfies(again -> {
          assertThat(again.id()).isEqualTo(request.id());
          assertThat(again.attempts()).isEqualTo(2);
        });
  }

  @Test
  void a_completed_request_is_gone_and_completing_again_or_an_unknown_id_changes_nothing() {
    Request done = request("ada@example.io", T0);
    Request other = request("grace@example.io", T0.plusSeconds(1));
    queue.enqueue(done);
    queue.enqueue(other);
    queue.claim(T0, 1, LEASE);

    queue.complete(done.id());
    queue.complete(done.id());
    queue.complete(UUID.randomUUID());

    assertThat(queue.backlog()).isEqualTo(1);
    assertThat(ids(queue.claim(T0.plus(Duration.ofDays(1)), 10, LEASE))).containsExactly(other.id());
  }

  @Test
  void claims_take_the_oldest_first_up_to_max() {
    Request second = request("b@example.io", T0.plusSeconds(2));
    Request first = request("a@example.io", T0.plusSeconds(1));
    Request third = request("c@example.io", T0.plusSeconds(3));
    queue.enqueue(second);
    queue.enqueue(third);
    queue.enqueue(first);

    assertThat(ids(queue.claim(T0.plusSeconds(10), 2, LEASE))).containsExactly(first.id(), second.id());
    assertThat(ids(queue.claim(T0.plusSeconds(10), 2, LEASE))).containsExactly(third.id());
  }

  @Test
  void requests_accepted_at_the_same_instant_are_claimed_in_enqueue_order() {
    List<UUID> queued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Request request = request("r" + i + "@example.io", T0);
      queue.enqueue(request);
      queued.add(request.id());
    }

    assertThat(ids(queue.claim(T0, 20, LEASE))).containsExactlyElementsOf(queued);
  }

  @Test
  void a_duplicate_id_is_refused_and_the_first_request_kept() {
    Request original = request("ada@example.io", T0);
    queue.enqueue(original);

    Throwable thrown = catchThrowable(() -> queue.enqueue(
        Request.accepted(original.id(), Kind.VERIFICATION, "mallory@example.io", CLIENT, T0)));

    assertThat(thrown).isInstanceOfAny(IllegalStateException.class, StoreUnavailableException.class);
    assertThat(queue.backlog()).isEqualTo(1);
    assertThat(queue.claim(T0, 10, LEASE)).singleElement()
        .satisfies(kept -> assertThat(kept.email()).isEqualTo("ada@example.io"));
  }

  @Test
  void concurrent_claims_give_each_request_to_exactly_one_worker() {
    int requests = 8;
    int workers = 16;
    Instant now = T0.plusSeconds(1);
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      List<UUID> queued = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        Request request = request("round" + round + "-" + i + "@example.io", T0);
        queue.enqueue(request);
        queued.add(request.id());
      }

      List<Outcome<List<Request>>> outcomes = Concurrently.call(workers, i -> queue.claim(now, 1, LEASE));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      List<UUID> claimed = outcomes.stream()
          .flatMap(outcome -> outcome.value().stream())
          .map(Request::id)
          .collect(Collectors.toList());
      assertThat(claimed).as("round %d", round).containsExactlyInAnyOrderElementsOf(queued);
    }
  }

  private static Request request(String email, Instant at) {
    return Request.accepted(UUID.randomUUID(), Kind.PASSWORD_RESET, email, CLIENT, at);
  }

  private static List<UUID> ids(List<Request> requests) {
    return requests.stream().map(Request::id).collect(Collectors.toList());
  }
}
