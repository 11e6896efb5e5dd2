package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.LinkRequestQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Waiting requests, when each is due and their enqueue order (the tie-breaker between requests accepted at the same
 * instant), guarded by one lock, so that a claim is one atomic step.
 */
final class MemoryLinkRequestQueue implements LinkRequestQueue {

  private static final Comparator<Waiting> OLDEST_FIRST = Comparator
      .comparing((Waiting waiting) -> waiting.request().requestedAt())
      .thenComparingLong(Waiting::seq);

  private record Waiting(long seq, Request request, Instant dueAt) {}

  private final Object lock = new Object();
  private final Map<UUID, Waiting> waiting = new HashMap<>();
  private long enqueued;

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when a request with this id is waiting; nothing changes then
   */
  @Override
  public void enqueue(Request request) {
    Objects.requireNonNull(request, "request");
    Request accepted = Request.accepted(request.id(), request.kind(), request.email(), request.client(),
        request.requestedAt());
    synchronized (lock) {
      if (waiting.containsKey(request.id())) {
        throw new IllegalStateException("a link request with this id was queued before");
      }
      waiting.put(request.id(), new Waiting(enqueued++, accepted, request.requestedAt()));
    }
  }

  @Override
  public List<Request> claim(Instant now, int max, Duration lease) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lease, "lease");
    if (max < 1) {
      throw new IllegalArgumentException("max must be positive");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive");
    }
    Instant leasedUntil = now.plus(lease);
    synchronized (lock) {
      List<Waiting> due = waiting.values().stream()
          .filter(entry -> !entry.dueAt().isAfter(now))
          .sorted(OLDEST_FIRST)
          .limit(max)
          .toList();
      List<Request> claimed = new ArrayList<>(due.size());
      for (Waiting entry : due) {
        Request request = entry.request();
        Request leased = new Request(request.id(), request.kind(), request.email(), request.client(),
            request.requestedAt(), request.attempts() + 1);
        waiting.put(request.id(), new Waiting(entry.seq(), leased, leasedUntil));
        claimed.add(leased);
      }
      return List.copyOf(claimed);
    }
  }

  @Override
  public void complete(UUID id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      waiting.remove(id);
    }
  }

  @Override
  public int backlog() {
    synchronized (lock) {
      return waiting.size();
    }
  }
}
