package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.spi.SigningKeyRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing keys in a map guarded by one lock, so that inserting the first key and rotating are each one atomic step
 * and at most one stored key is ever current. Like the database's primary key, it refuses a second key with the same
 * kid.
 */
final class MemorySigningKeyRepository implements SigningKeyRepository {

  private static final Comparator<StoredSigningKey> OLDEST_FIRST =
      Comparator.comparing(StoredSigningKey::createdAt).thenComparing(StoredSigningKey::kid);

  private final Object lock = new Object();
  private final Map<String, StoredSigningKey> byKid = new HashMap<>();
  private String currentKid;

  @Override
  public List<StoredSigningKey> findAll() {
    synchronized (lock) {
      List<StoredSigningKey> all = new ArrayList<>(byKid.values());
      all.sort(OLDEST_FIRST);
      return List.copyOf(all);
    }
  }

  @Override
  public Optional<StoredSigningKey> findCurrent() {
    synchronized (lock) {
      return currentKid == null ? Optional.empty() : Optional.of(byKid.get(currentKid));
    }
  }

  @Override
  public boolean insertFirst(StoredSigningKey key) {
    requireCurrent(key, "key");
    synchronized (lock) {
      if (currentKid != null) {
        return false;
      }
      requireNewKid(key);
      byKid.put(key.kid(), key);
      currentKid = key.kid();
      return true;
    }
  }

  @Override
  public boolean rotate(String currentKid, Instant retiresAt, Instant expiresAt, StoredSigningKey next) {
    Objects.requireNonNull(currentKid, "currentKid");
    Objects.requireNonNull(retiresAt, "retiresAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    requireCurrent(next, "next");
    synchronized (lock) {
      if (!currentKid.equals(this.currentKid)) {
        return false;
      }
      requireNewKid(next);
      StoredSigningKey retiring = byKid.get(currentKid).retiring(retiresAt, expiresAt); // validates the schedule
      byKid.put(currentKid, retiring);
      byKid.put(next.kid(), next);
      this.currentKid = next.kid();
      return true;
    }
  }

  @Override
  public int deleteExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    synchronized (lock) {
      int before = byKid.size();
      byKid.values().removeIf(key -> key.expiresAt() != null && !key.expiresAt().isAfter(now));
      return before - byKid.size();
    }
  }

  @Override
  public boolean replaceSealedPrivateKey(String kid, String expectedSealed, String sealed) {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(expectedSealed, "expectedSealed");
    Objects.requireNonNull(sealed, "sealed");
    synchronized (lock) {
      StoredSigningKey stored = byKid.get(kid);
      if (stored == null || !stored.sealedPrivateKey().equals(expectedSealed)) {
        return false;
      }
      byKid.put(kid, new StoredSigningKey(stored.kid(), stored.algorithm(), stored.publicJwk(), sealed,
          stored.createdAt(), stored.activatesAt(), stored.retiresAt(), stored.expiresAt()));
      return true;
    }
  }

  private static void requireCurrent(StoredSigningKey key, String name) {
    Objects.requireNonNull(key, name);
    if (!key.current()) {
      throw new IllegalArgumentException(name + " must be current (without retiresAt): " + key.kid());
    }
  }

  /** Refuses a key whose kid is already stored; call holding the lock. */
  private void requireNewKid(StoredSigningKey key) {
    if (byKid.containsKey(key.kid())) {
      throw new IllegalStateException("a signing key with kid " + key.kid() + " exists");
    }
  }
}
