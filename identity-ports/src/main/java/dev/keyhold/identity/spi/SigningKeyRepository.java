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

  /**
   * Replaces the sealed private part of key {@code kid} with {@code sealed}, if it is still {@code expectedSealed}:
   * for resealing the key under a new key-encryption key while nodes run. One compare-and-set: of concurrent calls
   * expecting the same value at most one succeeds, and a value another writer changed in the meantime is never
   * overwritten. Nothing else of the key changes.
   *
   * @return true when this call replaced it; false when there is no key {@code kid} (it expired and was deleted, say)
   *     or its sealed value is no longer {@code expectedSealed}, and nothing changed
   */
  boolean replaceSealedPrivateKey(String kid, String expectedSealed, String sealed);
}
