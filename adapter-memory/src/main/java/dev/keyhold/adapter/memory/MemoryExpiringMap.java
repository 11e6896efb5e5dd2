package dev.keyhold.adapter.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Values by key that expire a ttl after their last write, on the given clock. Expired values are invisible at once
 * and removed when next read, or by a {@link MemorySweeper} on writes. Each operation is atomic for its key.
 */
final class MemoryExpiringMap<V> {

  private record Entry<V>(V value, Instant expiresAt) {

    boolean expiredAt(Instant now) {
      return !now.isBefore(expiresAt);
    }
  }

  private final Clock clock;
  private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
  private final MemorySweeper<String, Entry<V>> sweeper = new MemorySweeper<>(entries);

  MemoryExpiringMap(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The live value of {@code key}. */
  Optional<V> get(String key) {
    Objects.requireNonNull(key, "key");
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.expiredAt(clock.instant())) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  /** Stores {@code value} for {@code ttl}, replacing any earlier value and its ttl. */
  void put(String key, V value, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Instant now = clock.instant();
    entries.put(key, new Entry<>(value, expiry(now, ttl)));
    sweep(now);
  }

  /**
   * Atomically: passes the live value (or {@code null}) to {@code update}; a non-null result is stored for
   * {@code ttl}, a null result leaves the key as it was.
   *
   * @return whether a value was stored
   */
  boolean update(String key, UnaryOperator<V> update, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Instant now = clock.instant();
    Instant expiresAt = expiry(now, ttl);
    boolean[] stored = {false};
    entries.compute(key, (k, current) -> {
      Entry<V> live = current == null || current.expiredAt(now) ? null : current;
      V next = update.apply(live == null ? null : live.value());
      if (next == null) {
        return live;
      }
      stored[0] = true;
      return new Entry<>(next, expiresAt);
    });
    sweep(now);
    return stored[0];
  }

  /** Removes the key and returns its live value, atomically: of concurrent calls at most one gets it. */
  Optional<V> remove(String key) {
    Objects.requireNonNull(key, "key");
    Entry<V> removed = entries.remove(key);
    if (removed == null || removed.expiredAt(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(removed.value());
  }

  /** How many entries the map holds, expired ones included. */
  int size() {
    return entries.size();
  }

  private void sweep(Instant now) {
    sweeper.afterWrite(entry -> entry.expiredAt(now));
  }

  private static Instant expiry(Instant now, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    return now.plus(ttl);
  }
}
