package dev.keyhold.adapter.memory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Removes stale entries from a map now and then, so that keys written once and never read again cannot pile up.
 * After a write, when the map holds twice as many entries as after the last sweep (and at least
 * {@link #MIN_SWEEP_SIZE}), that writer removes every stale entry. A sweep costs one pass over the map, so the cost per
 * write is constant on average, and the map holds at most about twice its live entries plus {@link #MIN_SWEEP_SIZE}.
 * Entries are removed only while unchanged, so a sweep never undoes a concurrent write.
 */
final class MemorySweeper<K, V> {

  static final int MIN_SWEEP_SIZE = 1_024;

  private final ConcurrentHashMap<K, V> map;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile int sweepAt = MIN_SWEEP_SIZE;

  MemorySweeper(ConcurrentHashMap<K, V> map) {
    this.map = map;
  }

  /** Called after each write: sweeps the entries that are {@code stale} when the map has grown enough. */
  void afterWrite(Predicate<? super V> stale) {
    if (map.size() < sweepAt || !sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      map.values().removeIf(stale);
      sweepAt = (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_SWEEP_SIZE, 2L * map.size()));
    } finally {
      sweeping.set(false);
    }
  }
}
