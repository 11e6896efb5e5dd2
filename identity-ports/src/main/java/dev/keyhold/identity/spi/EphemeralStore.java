package dev.keyhold.identity.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Short-lived values shared by every node, such as OAuth state and two-factor challenges. May throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}.
 */
public interface EphemeralStore {

  /** Stores {@code value} under {@code key} for {@code ttl}, replacing any earlier value. */
  void put(String key, String value, Duration ttl);

  /**
   * Returns and deletes the value, atomically: of many concurrent calls for one key at most one gets it. Empty when
   * absent or expired.
   */
  Optional<String> take(String key);
}
