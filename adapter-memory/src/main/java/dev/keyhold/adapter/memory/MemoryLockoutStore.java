package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.LockoutStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lockout counters in a {@link MemoryExpiringMap}. Versions come from one counter per store, so a version is never
 * reused, not even after a reset or expiry.
 */
final class MemoryLockoutStore implements LockoutStore {

  private final MemoryExpiringMap<State> states;
  private final AtomicLong versions = new AtomicLong();

  MemoryLockoutStore(Clock clock) {
    this.states = new MemoryExpiringMap<>(clock);
  }

  @Override
  public Optional<State> get(String key) {
    return states.get(key);
  }

  @Override
  public boolean replace(String key, long expectedVersion, State next, Duration ttl) {
    Objects.requireNonNull(next, "next");
    LockoutStore.positive(ttl);
    return states.update(key, current -> {
      long currentVersion = current == null ? 0 : current.version();
      if (currentVersion != expectedVersion) {
        return null;
      }
      return new State(next.failures(), next.lockouts(), next.lockedUntil(), versions.incrementAndGet());
    }, ttl);
  }

  @Override
  public void reset(String key) {
    states.remove(key);
  }

  /** How many entries the store holds, expired ones included. */
  int size() {
    return states.size();
  }
}
