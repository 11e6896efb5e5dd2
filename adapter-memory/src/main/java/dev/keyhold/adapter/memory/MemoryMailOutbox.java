package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Unsent entries in enqueue order and the ids of sent ones, guarded by one lock, so that a claim is one atomic step.
 * Claims take the oldest {@code createdAt} first, entries enqueued at the same instant in enqueue order.
 * Enqueueing checks everything before it changes anything: a repository that validates its own data first and then
 * enqueues under its own lock stores both or neither.
 */
final class MemoryMailOutbox implements MailOutbox {

  private static final Comparator<Entry> OLDEST_FIRST = Comparator.comparing(Entry::createdAt);

  private final Object lock = new Object();
  private final Map<UUID, Entry> unsent = new LinkedHashMap<>();
  private final Set<UUID> sent = new HashSet<>();
  private final List<Mailer.Message> enqueued = new ArrayList<>();

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException when an entry with this id was enqueued before; nothing changes then
   */
  @Override
  public void enqueue(UUID id, Mailer.Message message, Instant now) {
    Entry entry = new Entry(id, message, now, 0, now, null);
    synchronized (lock) {
      if (unsent.containsKey(id) || sent.contains(id)) {
        throw new IllegalStateException("a mail with this id was enqueued before");
      }
      unsent.put(id, entry);
      enqueued.add(message);
    }
  }

  @Override
  public List<Entry> claim(Instant now, int max, Duration lease) {
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
      List<Entry> due = unsent.values().stream()
          .filter(entry -> !entry.nextAttemptAt().isAfter(now))
          .sorted(OLDEST_FIRST)
          .limit(max)
          .toList();
      List<Entry> claimed = new ArrayList<>(due.size());
      for (Entry entry : due) {
        Entry leased = new Entry(entry.id(), entry.message(), entry.createdAt(), entry.attempts() + 1, leasedUntil,
            entry.lastError());
        unsent.put(entry.id(), leased);
        claimed.add(leased);
      }
      return List.copyOf(claimed);
    }
  }

  @Override
  public void markSent(UUID id, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    synchronized (lock) {
      if (unsent.remove(id) != null) {
        sent.add(id);
      }
    }
  }

  /** Changes nothing when the entry is unknown or already sent. */
  @Override
  public void markFailed(UUID id, String error, Instant nextAttemptAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    synchronized (lock) {
      unsent.computeIfPresent(id, (key, entry) ->
          new Entry(entry.id(), entry.message(), entry.createdAt(), entry.attempts(), nextAttemptAt, error));
    }
  }

  @Override
  public int backlog() {
    synchronized (lock) {
      return unsent.size();
    }
  }

  /** A snapshot of every message enqueued so far, sent or not, oldest first. */
  List<Mailer.Message> messages() {
    synchronized (lock) {
      return List.copyOf(enqueued);
    }
  }
}
