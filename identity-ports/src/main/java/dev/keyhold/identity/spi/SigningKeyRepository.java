package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.key.StoredSigningKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The shared set of access-token signing keys, private parts sealed by the core before they get here. Every method
 * may throw {@link dev.keyhold.identity.error.StoreUnavailableException}; all are safe under concurrency, also
 * across processes sharing one store.
 */
public interface SigningKeyRepository {

  /** Every stored key, expired or not, oldest first (by {@code createdAt}, then {@code kid}). */
  List<StoredSigningKey> findAll();

  /** The current key (the one without {@code retiresAt}), or empty when there is no key at all. */
  Optional<StoredSigningKey> findCurrent();

  /**
   * Stores the very first key, atomically: only if no current key exists. Of many concurrent calls (say, several
   * nodes starting on an empty database) exactly one returns true.
   *
   * @throws IllegalArgumentException when {@code key} is not current (has {@code retiresAt})
   * @return true when this call stored the key; false when a current key already existed, and nothing was stored
   */
  boolean insertFirst(StoredSigningKey key);

  /**
   * Rotates, atomically: if {@code currentKid} is still the current key, schedules its retirement at
   * {@code retiresAt} and its removal from the JWKS at {@code expiresAt}, and stores {@code next} as the new current
   * key. Of many concurrent rotations from the same current key exactly one returns true.
   *
   * @throws IllegalArgumentException when {@code next} is not current
   * @return true when this call rotated; false when {@code currentKid} was no longer current, and nothing changed
   */
  boolean rotate(String currentKid, Instant retiresAt, Instant expiresAt, StoredSigningKey next);

  /**
   * Deletes keys whose {@code expiresAt} is at or before {@code now}; they verify no unexpired token.
   *
   * @return how many keys this call deleted
   */
  int deleteExpired(Instant now);
}
