package dev.keyhold.identity.core.internal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.crypto.SecureRandomSecretGenerator;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.spi.LinkRequestQueue.Kind;
import dev.keyhold.identity.spi.LinkRequestQueue.Request;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LinkRequestsTest {

  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test-agent", "req-1");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
  private final LinkRequestQueue queue = MemoryStores.create().linkRequests();
  private final List<String> handled = new ArrayList<>();

  @Test
  void accepting_only_queues_and_handling_runs_each_request_once_in_order_then_deletes_it() {
    LinkRequests requests = new LinkRequests(queue, new SecureRandomSecretGenerator(), clock,
        (kind, email, client) -> handled.add(kind + " " + email.display() + " " + client.requestId()));
    requests.accept(Kind.PASSWORD_RESET, Email.parse("Ada@Example.com"), CLIENT);
    requests.accept(Kind.VERIFICATION, Email.parse("grace@example.com"), CLIENT);
    assertThat(handled).isEmpty();
    assertThat(queue.backlog()).isEqualTo(2);

    assertThat(requests.handleDue()).isEqualTo(2);

    assertThat(handled).containsExactly("PASSWORD_RESET Ada@Example.com req-1", "VERIFICATION grace@example.com req-1");
    assertThat(queue.backlog()).isZero();
    assertThat(requests.handleDue()).isZero();
  }

  @Test
  void a_burst_larger_than_a_batch_is_handled_in_one_round_up_to_the_batch_limit() {
    LinkRequests requests = new LinkRequests(queue, new SecureRandomSecretGenerator(), clock,
        (kind, email, client) -> handled.add(email.display()));
    int burst = LinkRequests.BATCH_SIZE * LinkRequests.MAX_BATCHES + 7;
    for (int i = 0; i < burst; i++) {
      requests.accept(Kind.PASSWORD_RESET, Email.parse("user" + i + "@example.com"), CLIENT);
    }

    assertThat(requests.handleDue()).isEqualTo(LinkRequests.BATCH_SIZE * LinkRequests.MAX_BATCHES);
    assertThat(requests.handleDue()).isEqualTo(7);
    assertThat(handled).hasSize(burst).doesNotHaveDuplicates();
  }

  @Test
  void a_store_outage_stops_the_round_and_leaves_the_request_for_after_its_lease() {
    AtomicInteger calls = new AtomicInteger();
    LinkRequests requests = new LinkRequests(queue, new SecureRandomSecretGenerator(), clock, (kind, email, client) -> {
      if (calls.incrementAndGet() == 1) {
        throw new StoreUnavailableException("users", new RuntimeException("connection refused"));
      }
      handled.add(email.display());
    });
    requests.accept(Kind.PASSWORD_RESET, Email.parse("ada@example.com"), CLIENT);

    assertThatThrownBy(requests::handleDue).isInstanceOf(StoreUnavailableException.class);
    assertThat(queue.backlog()).isEqualTo(1);
    assertThat(requests.handleDue()).as("still leased").isZero();

    clock.advance(LinkRequests.LEASE);
    assertThat(requests.handleDue()).isEqualTo(1);
    assertThat(handled).containsExactly("ada@example.com");
    assertThat(queue.backlog()).isZero();
  }

  @Test
  void a_request_that_keeps_failing_is_retried_then_dropped_after_the_last_attempt() {
    AtomicInteger calls = new AtomicInteger();
    LinkRequests requests = new LinkRequests(queue, new SecureRandomSecretGenerator(), clock, (kind, email, client) -> {
      calls.incrementAndGet();
      throw new IllegalStateException("a bug");
    });
    requests.accept(Kind.PASSWORD_RESET, Email.parse("ada@example.com"), CLIENT);

    for (int attempt = 1; attempt <= LinkRequests.MAX_ATTEMPTS; attempt++) {
      assertThat(requests.handleDue()).isZero();
      assertThat(calls).hasValue(attempt);
      assertThat(queue.backlog()).isEqualTo(attempt < LinkRequests.MAX_ATTEMPTS ? 1 : 0);
      clock.advance(LinkRequests.LEASE);
    }
    assertThat(requests.handleDue()).isZero();
    assertThat(calls).hasValue(LinkRequests.MAX_ATTEMPTS);
  }

  @Test
  void a_request_whose_address_no_longer_parses_is_dropped_without_running_the_handler() {
    LinkRequests requests = new LinkRequests(queue, new SecureRandomSecretGenerator(), clock,
        (kind, email, client) -> handled.add(email.display()));
    queue.enqueue(Request.accepted(UUID.randomUUID(), Kind.PASSWORD_RESET, "not an address", CLIENT, clock.instant()));

    assertThat(requests.handleDue()).isZero();
    assertThat(handled).isEmpty();
    assertThat(queue.backlog()).isZero();
  }
}
