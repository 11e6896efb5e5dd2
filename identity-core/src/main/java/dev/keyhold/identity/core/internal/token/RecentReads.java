package dev.keyhold.identity.core.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Values read from the store, remembered for at most {@link #ttl} so that a hot read path does not go to the store
 * every time, with {@link SessionValidity}'s promise: whoever changes what was read calls {@link #forget} after the
 * store has changed it, so this node never serves the old value afterwards; other nodes, which share only the store,
 * serve it for at most the ttl. A read that raced a forget is not kept: every forget advances an epoch, and a read is
 * remembered only if no forget happened since it began. A read that throws remembers nothing.
 *
 * <p>At most {@code maxEntries} values are remembered; beyond that everything is forgotten at once. With a zero ttl
 * nothing is remembered.
 *
 * @param <K> the key, with value equality
 * @param <V> the value, immutable
 */
public final class RecentReads<K, V> {

  private record Entry<V>(V value, Instant readAt) {}

  private final Duration ttl;
  private final Clock clock;
  private final int maxEntries;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();

  public RecentReads(Duration ttl, Clock clock, int maxEntries) {
    this.ttl = ttl;
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  /** The value of {@code key}: the one remembered if read less than the ttl ago, else {@code read}'s, remembered. */
  public V get(K key, Function<K, V> read) {
    Instant now = clock.instant();
    Entry<V> entry = entries.get(key);
    if (entry != null && now.isBefore(entry.readAt().plus(ttl))) {
      return entry.value();
    }
    long before = epoch.get();
    V value = read.apply(key);
    if (!ttl.isZero() && epoch.get() == before) {
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
      entries.put(key, new Entry<>(value, now));
    }
    return value;
  }

  /** Forgets what is remembered of {@code key}; call after the store changed it. */
  public void forget(K key) {
    epoch.incrementAndGet();
    entries.remove(key);
  }
}
