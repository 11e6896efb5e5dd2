package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.EphemeralStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Short-lived values in a {@link MemoryExpiringMap}; taking is one atomic removal. */
final class MemoryEphemeralStore implements EphemeralStore {

  private final MemoryExpiringMap<String> values;

  MemoryEphemeralStore(Clock clock) {
    this.values = new MemoryExpiringMap<>(clock);
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    values.put(key, value, ttl);
  }

  @Override
  public Optional<String> take(String key) {
    return values.remove(key);
  }

  /** How many entries the store holds, expired ones included. */
  int size() {
    return values.size();
  }
}
