package dev.keyhold.identity.core.crypto;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.spi.SigningKeyRepository;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The access-token signing keys shared by every node through a {@link SigningKeyRepository}, rotated without
 * downtime. Each stored key follows the timeline of {@link StoredSigningKey}; at any instant the ring offers, as
 * {@link #get()}:
 * <ul>
 *   <li>the <em>active</em> key, which signs: of the published keys that sign at that instant, the one activated
 *       last;
 *   <li>every <em>published</em> key, which verifies and appears in the JWKS: the next key from its creation
 *       ({@link Policy#publishAhead()} before it signs, so caches of the JWKS learn it in time) and retired keys
 *       until {@link Policy#retainAfterRetirement()} after they stopped signing (so the last token they signed
 *       expires first).
 * </ul>
 *
 * <p>Every node reading the same keys with the same clock agrees on both without talking to the others. The ring
 * caches the opened keys and reads the repository again at most once per {@link Policy#refreshInterval()}, on the
 * first {@link #get()} after it passed; one thread reads while the others go on with the cached keys. When that read
 * fails the ring keeps serving the cached keys, so tokens keep being signed and verified through a store outage, and
 * tries again one interval later.
 *
 * <p>Private keys are stored sealed by {@link KeyEncryption} with the {@code kid} as associated data; each key is
 * opened once and kept in memory. The published JWK is derived from the opened private key. Thread-safe; nothing
 * it logs contains key material.
 */
public final class KeyRing implements Supplier<SigningKeys> {

  private static final System.Logger LOG = System.getLogger("keyhold.keys");

  private final SigningKeyRepository repository;
  private final KeyEncryption encryption;
  private final SigningAlgorithm algorithm;
  private final Clock clock;
  private final Policy policy;
  private final Listener listener;
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile Loaded loaded;
  private volatile View view;

  /**
   * How keys move along their timeline.
   *
   * @param publishAhead how long a new key is published before it signs; longer than the JWKS cache lifetime
   *     resource servers may use plus {@code refreshInterval}, so every node and cache knows a key before it sees a
   *     token it signed
   * @param retainAfterRetirement how long a key stays published after it stopped signing; at least the access-token
   *     lifetime, so every token it signed expires before it disappears
   * @param refreshInterval how often each node reads the repository again, so it learns of another node's rotation
   */
  public record Policy(Duration publishAhead, Duration retainAfterRetirement, Duration refreshInterval) {

    /**
     * @throws IllegalArgumentException when a duration is not positive, or {@code publishAhead} does not exceed
     *     {@code refreshInterval} (another node could then receive a token signed by a key it has not loaded yet)
     */
    public Policy {
      requirePositive(publishAhead, "publishAhead");
      requirePositive(retainAfterRetirement, "retainAfterRetirement");
      requirePositive(refreshInterval, "refreshInterval");
      if (publishAhead.compareTo(refreshInterval) <= 0) {
        throw new IllegalArgumentException("publishAhead must exceed refreshInterval, or a node could receive a token"
            + " signed by a key it has not loaded yet");
      }
    }

    /**
     * Publish a key 10 minutes before it signs (more than the 5-minute {@code max-age} of Keyhold's JWKS endpoint
     * plus the 1-minute refresh), keep it {@code accessTokenTtl} plus 1 minute after it retires (room for clock skew
     * between nodes), and read the repository every minute.
     */
    public static Policy defaults(Duration accessTokenTtl) {
      requirePositive(accessTokenTtl, "accessTokenTtl");
      return new Policy(Duration.ofMinutes(10), accessTokenTtl.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1));
    }

    private static void requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }

  /**
   * Told of every key this ring stores, after it is stored: for the audit log. Kids are public (they are in the
   * JWKS); nothing secret is passed.
   */
  public interface Listener {

    /** Ignores everything. */
    Listener NONE = new Listener() {
      @Override
      public void firstKeyCreated(String kid, SigningAlgorithm algorithm) {}

      @Override
      public void rotated(String kid, SigningAlgorithm algorithm, Instant activatesAt, String retiredKid,
          Instant retiredExpiresAt) {}
    };

    /** The repository was empty and this ring stored the first key, signing at once. */
    void firstKeyCreated(String kid, SigningAlgorithm algorithm);

    /**
     * This ring rotated: {@code kid} is published and signs from {@code activatesAt}, when {@code retiredKid} retires;
     * the retired key stays published until {@code retiredExpiresAt}.
     */
    void rotated(String kid, SigningAlgorithm algorithm, Instant activatesAt, String retiredKid,
        Instant retiredExpiresAt);
  }

  /** A stored key and its opened private key. */
  private record Entry(StoredSigningKey stored, SigningKey key) {}

  /** The keys read at one time, oldest first, and when to read again. */
  private record Loaded(List<Entry> entries, Instant refreshAt) {}

  /** The key set computed from {@code source} for the instants {@code [from, until)}. */
  private record View(Loaded source, Instant from, Instant until, SigningKeys keys) {}

  private KeyRing(SigningKeyRepository repository, KeyEncryption encryption, SigningAlgorithm algorithm, Clock clock,
      Policy policy, Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.encryption = Objects.requireNonNull(encryption, "encryption");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Opens the ring over {@code repository}. When it holds no key yet, creates one of {@code algorithm} that signs at
   * once; when several nodes start on an empty repository, exactly one key is stored and all use it. Then reads and
   * opens every published key.
   *
   * @param algorithm the algorithm of keys this ring creates; stored keys keep the one they were created with, so a
   *     deployment changes algorithm by rotating
   * @throws IllegalStateException when a stored key cannot be opened, typically because {@code encryption} holds
   *     another key than the one the keys were sealed with
   * @throws StoreUnavailableException when the repository cannot answer
   */
  public static KeyRing open(SigningKeyRepository repository, KeyEncryption encryption, SigningAlgorithm algorithm,
      Clock clock, Policy policy) {
    return open(repository, encryption, algorithm, clock, policy, Listener.NONE);
  }

  /** {@link #open(SigningKeyRepository, KeyEncryption, SigningAlgorithm, Clock, Policy)}, telling {@code listener}. */
  public static KeyRing open(SigningKeyRepository repository, KeyEncryption encryption, SigningAlgorithm algorithm,
      Clock clock, Policy policy, Listener listener) {
    KeyRing ring = new KeyRing(repository, encryption, algorithm, clock, policy, listener);
    ring.createFirstKeyIfNone();
    ring.refresh();
    return ring;
  }

  /**
   * The keys at the clock's now: the active key and every published one. Reads the repository first when the
   * refresh interval has passed, unless another thread is reading; keeps the cached keys when that read fails.
   */
  @Override
  public SigningKeys get() {
    Instant now = now();
    Loaded current = loaded;
    if (!now.isBefore(current.refreshAt())) {
      current = reloadIfDue(now);
    }
    View cached = view;
    if (cached != null && cached.source() == current && !now.isBefore(cached.from())
        && now.isBefore(cached.until())) {
      return cached.keys();
    }
    View computed = viewAt(current, now);
    view = computed;
    return computed.keys();
  }

  /**
   * Reads and opens the stored keys now, whatever the refresh interval.
   *
   * @throws IllegalStateException when a published key cannot be opened
   * @throws StoreUnavailableException when the repository cannot answer; the cached keys stay in use
   */
  public void refresh() {
    reloading.lock();
    try {
      load(now());
    } finally {
      reloading.unlock();
    }
  }

  /**
   * Starts a rotation: stores a new key of this ring's algorithm, published now and signing
   * {@link Policy#publishAhead()} from now, when the current key retires; the retired key stays published for
   * {@link Policy#retainAfterRetirement()}. Then deletes expired keys. When another node rotated from the same
   * current key at the same time, its rotation stands and this call stores nothing.
   *
   * @return the kid of the new current key: this call's, or the concurrent rotation's
   * @throws StoreUnavailableException when the repository cannot answer
   */
  public String rotate() {
    Instant now = now();
    return rotateFrom(requireCurrent(), now).currentKid();
  }

  /**
   * Rotates (as {@link #rotate()}) when the current key was created at least {@code maxAge} ago; for a scheduled job
   * that every node may run.
   *
   * @return true when this call rotated; false when the current key is younger, or another node rotated first
   * @throws StoreUnavailableException when the repository cannot answer
   */
  public boolean rotateIfOlderThan(Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge");
    Instant now = now();
    StoredSigningKey current = requireCurrent();
    if (current.createdAt().plus(maxAge).isAfter(now)) {
      return false;
    }
    return rotateFrom(current, now).rotated();
  }

  private record Rotation(boolean rotated, String currentKid) {}

  private Rotation rotateFrom(StoredSigningKey current, Instant now) {
    SigningKey next = SigningKey.generate(algorithm);
    // a key activated later than our clock suggests (another node's clock runs ahead) retires no earlier
    Instant activatesAt = max(now.plus(policy.publishAhead()), current.activatesAt());
    StoredSigningKey stored = stored(next, now, activatesAt);
    Instant expiresAt = activatesAt.plus(policy.retainAfterRetirement());
    if (!repository.rotate(current.kid(), activatesAt, expiresAt, stored)) {
      refresh();
      return new Rotation(false, currentKidOf(loaded));
    }
    LOG.log(Level.INFO, "Rotated signing keys: {0} ({1}) is published and signs from {2}; {3} retires then and is"
        + " published until {4}", next.kid(), algorithm.jwsName(), activatesAt, current.kid(), expiresAt);
    listener.rotated(next.kid(), algorithm, activatesAt, current.kid(), expiresAt);
    try { // the rotation stands; what follows may also happen later
      int deleted = repository.deleteExpired(now);
      if (deleted > 0) {
        LOG.log(Level.INFO, "Deleted {0} expired signing key(s)", deleted);
      }
      refresh();
    } catch (StoreUnavailableException e) {
      LOG.log(Level.WARNING, "Rotated the signing keys, but could not read them back; reading on the next use", e);
      markStale();
    }
    return new Rotation(true, next.kid());
  }

  /** Makes the next {@link #get()} read the repository. */
  private void markStale() {
    reloading.lock();
    try {
      loaded = new Loaded(loaded.entries(), Instant.MIN);
    } finally {
      reloading.unlock();
    }
  }

  /** The clock's now at microsecond precision, the finest a SQL store keeps. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private StoredSigningKey requireCurrent() {
    return repository.findCurrent().orElseThrow(() -> new IllegalStateException(
        "the signing key repository holds no current key, though this ring stored one when it opened"));
  }

  private void createFirstKeyIfNone() {
    if (repository.findCurrent().isPresent()) {
      return;
    }
    Instant now = now();
    SigningKey first = SigningKey.generate(algorithm);
    if (repository.insertFirst(stored(first, now, now))) {
      LOG.log(Level.INFO, "Created the first signing key {0} ({1})", first.kid(), algorithm.jwsName());
      listener.firstKeyCreated(first.kid(), algorithm);
    } // else another node stored the first key at the same time: use that one
  }

  private StoredSigningKey stored(SigningKey key, Instant createdAt, Instant activatesAt) {
    return new StoredSigningKey(key.kid(), key.algorithm().jwsName(), key.toPublicJwkJson(),
        encryption.seal(key.toPrivateJwkJson(), key.kid()), createdAt, activatesAt, null, null);
  }

  /** Reloads when still due and no other thread is at it; on failure keeps the cached keys for another interval. */
  private Loaded reloadIfDue(Instant now) {
    if (!reloading.tryLock()) {
      return loaded;
    }
    try {
      Loaded current = loaded;
      if (now.isBefore(current.refreshAt())) {
        return current; // another thread reloaded meanwhile
      }
      try {
        return load(now);
      } catch (StoreUnavailableException e) {
        LOG.log(Level.WARNING, "Could not read the signing keys; signing and verifying with the "
            + current.entries().size() + " cached key(s), retrying in " + policy.refreshInterval(), e);
      } catch (IllegalStateException e) { // a key that cannot be opened: its message names the kid, no key material
        LOG.log(Level.ERROR, "Could not open the signing keys; signing and verifying with the "
            + current.entries().size() + " cached key(s), retrying in " + policy.refreshInterval() + ": "
            + e.getMessage());
      }
      Loaded retry = new Loaded(current.entries(), now.plus(policy.refreshInterval()));
      loaded = retry;
      return retry;
    } finally {
      reloading.unlock();
    }
  }

  /** Reads every stored key, opens those published at {@code now} (reusing keys opened before); hold the lock. */
  private Loaded load(Instant now) {
    Map<String, Entry> opened = new HashMap<>();
    if (loaded != null) {
      loaded.entries().forEach(entry -> opened.put(entry.stored().kid(), entry));
    }
    List<Entry> entries = new ArrayList<>();
    for (StoredSigningKey stored : repository.findAll()) {
      if (!stored.publishedAt(now)) {
        continue;
      }
      Entry previous = opened.get(stored.kid());
      boolean unchanged = previous != null && sameKey(previous.stored(), stored);
      entries.add(new Entry(stored, unchanged ? previous.key() : openKey(stored)));
    }
    if (entries.stream().noneMatch(entry -> entry.stored().current())) {
      throw new IllegalStateException("the signing key repository holds no current key");
    }
    Loaded fresh = new Loaded(List.copyOf(entries), now.plus(policy.refreshInterval()));
    loaded = fresh;
    return fresh;
  }

  private static boolean sameKey(StoredSigningKey a, StoredSigningKey b) {
    return a.sealedPrivateKey().equals(b.sealedPrivateKey()) && a.algorithm().equals(b.algorithm());
  }

  private SigningKey openKey(StoredSigningKey stored) {
    SigningAlgorithm storedAlgorithm = Arrays.stream(SigningAlgorithm.values())
        .filter(candidate -> candidate.jwsName().equals(stored.algorithm()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "signing key " + stored.kid() + " has the unknown algorithm " + stored.algorithm()));
    String privateJwk = encryption.open(stored.sealedPrivateKey(), stored.kid());
    SigningKey key;
    try {
      key = SigningKey.fromPrivateJwkJson(privateJwk);
    } catch (IllegalArgumentException e) { // its message never contains key material
      throw new IllegalStateException("signing key " + stored.kid() + " was opened but is not usable: "
          + e.getMessage());
    }
    if (!key.kid().equals(stored.kid()) || key.algorithm() != storedAlgorithm) {
      throw new IllegalStateException("signing key " + stored.kid() + " (" + stored.algorithm()
          + ") holds a private key with another kid or algorithm");
    }
    return key;
  }

  /** The key set at {@code now} and how long it holds. */
  private static View viewAt(Loaded loaded, Instant now) {
    List<Entry> published = loaded.entries().stream().filter(entry -> entry.stored().publishedAt(now)).toList();
    if (published.isEmpty()) { // cannot happen: the current key of the last read has no expiry
      throw new IllegalStateException("no signing key is published at " + now);
    }
    Comparator<Entry> byActivation = Comparator.comparing(entry -> entry.stored().activatesAt());
    Entry active = published.stream()
        .filter(entry -> entry.stored().signsAt(now))
        .max(byActivation)
        // none signs yet: the first key, created by a node whose clock runs ahead of ours
        .orElseGet(() -> published.stream().min(byActivation).orElseThrow());
    SigningKey[] others = published.stream()
        .filter(entry -> entry != active)
        .map(Entry::key)
        .toArray(SigningKey[]::new);
    return new View(loaded, now, nextChange(loaded, now), SigningKeys.of(active.key(), others));
  }

  /** The first instant after {@code now} at which a key activates, retires or expires. */
  private static Instant nextChange(Loaded loaded, Instant now) {
    Instant next = Instant.MAX;
    for (Entry entry : loaded.entries()) {
      StoredSigningKey key = entry.stored();
      for (Instant change : new Instant[] {key.activatesAt(), key.retiresAt(), key.expiresAt()}) {
        if (change != null && change.isAfter(now) && change.isBefore(next)) {
          next = change;
        }
      }
    }
    return next;
  }

  private static String currentKidOf(Loaded loaded) {
    return loaded.entries().stream()
        .filter(entry -> entry.stored().current())
        .map(entry -> entry.stored().kid())
        .findFirst()
        .orElseThrow();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  @Override
  public String toString() {
    Loaded current = loaded;
    return "KeyRing[algorithm=" + algorithm.jwsName() + ", kids="
        + (current == null ? List.of() : current.entries().stream().map(entry -> entry.stored().kid()).toList())
        + "]";
  }
}
