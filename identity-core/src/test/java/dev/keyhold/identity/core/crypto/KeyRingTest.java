package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.SignedJWT;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.testkit.MutableClock;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.spi.SigningKeyRepository;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private static final String ISSUER = "https://id.example.com";
  private static final String AUDIENCE = "keyhold";
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123456Z");
  private static final Duration TOKEN_TTL = Duration.ofMinutes(15);
  private static final KeyRing.Policy POLICY = KeyRing.Policy.defaults(TOKEN_TTL);
  private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);
  private static final Duration RETAIN = Duration.ofMinutes(16);
  private static final Duration REFRESH = Duration.ofMinutes(1);
  private static final Duration MICRO = Duration.ofNanos(1_000);

  private final MutableClock clock = new MutableClock(T0);
  private final SigningKeyRepository repository = MemoryStores.create().signingKeys();
  private final KeyEncryption encryption = KeyEncryption.generate();

  // ---------------------------------------------------------------- policy

  @Test
  void the_default_policy_publishes_ahead_of_the_jwks_cache_and_keeps_keys_past_the_last_token() {
    assertThat(POLICY.publishAhead()).isEqualTo(PUBLISH_AHEAD);
    assertThat(POLICY.retainAfterRetirement()).isEqualTo(TOKEN_TTL.plusMinutes(1));
    assertThat(POLICY.refreshInterval()).isEqualTo(REFRESH);
    assertThat(POLICY.publishAhead()).isGreaterThan(Duration.ofMinutes(5).plus(POLICY.refreshInterval()));
  }

  @Test
  void a_policy_needs_positive_durations_and_must_publish_longer_ahead_than_it_refreshes() {
    Duration minute = Duration.ofMinutes(1);

    assertThatThrownBy(() -> new KeyRing.Policy(Duration.ZERO, minute, minute))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyRing.Policy(minute.multipliedBy(10), minute.negated(), minute))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyRing.Policy(minute.multipliedBy(10), minute, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyRing.Policy(minute, minute, minute))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publishAhead must exceed refreshInterval");
    assertThatThrownBy(() -> KeyRing.Policy.defaults(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- the first key

  @Test
  void opening_an_empty_repository_stores_one_sealed_key_that_signs_at_once() throws ParseException {
    KeyRing ring = ring();
    JoseAccessTokens tokens = tokens(ring);

    List<StoredSigningKey> stored = repository.findAll();
    assertThat(stored).hasSize(1);
    StoredSigningKey first = stored.get(0);
    assertThat(first.current()).isTrue();
    assertThat(first.algorithm()).isEqualTo("ES256");
    assertThat(first.createdAt()).isEqualTo(T0);
    assertThat(first.activatesAt()).isEqualTo(T0);
    assertThat(ring.get().active().kid()).isEqualTo(first.kid());
    assertThat(ring.get().published()).isEmpty();
    assertThat(first.publicJwk()).isEqualTo(ring.get().active().toPublicJwkJson()).doesNotContain("\"d\"");
    assertThat(first.sealedPrivateKey()).doesNotContain("\"d\"", "kty");
    assertThat(encryption.open(first.sealedPrivateKey(), first.kid()))
        .isEqualTo(ring.get().active().toPrivateJwkJson());
    String token = tokens.sign(claims(TOKEN_TTL));
    assertThat(kidOf(token)).isEqualTo(first.kid());
    assertThat(tokens.verify(token).subject()).isEqualTo("user-1");
    assertThat(jwksKids(tokens)).containsExactly(first.kid());
  }

  @Test
  void opening_a_repository_that_holds_a_key_uses_it_and_stores_none() {
    String kid = ring().get().active().kid();
    clock.advance(Duration.ofDays(1));

    KeyRing reopened = ring();

    assertThat(reopened.get().active().kid()).isEqualTo(kid);
    assertThat(repository.findAll()).hasSize(1);
  }

  @Test
  void the_default_algorithm_rs256_works_end_to_end() throws ParseException {
    KeyRing ring = KeyRing.open(repository, encryption, SigningAlgorithm.RS256, clock, POLICY);
    JoseAccessTokens tokens = tokens(ring);

    String token = tokens.sign(claims(TOKEN_TTL));

    assertThat(repository.findCurrent().orElseThrow().algorithm()).isEqualTo("RS256");
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(tokens.verify(token).subject()).isEqualTo("user-1");
  }

  // ---------------------------------------------------------------- the rotation timeline

  @Test
  void a_rotation_publishes_the_next_key_first_and_signs_with_it_only_once_it_activates() throws ParseException {
    KeyRing ring = ring();
    JoseAccessTokens tokens = tokens(ring);
    String oldKid = ring.get().active().kid();
    clock.advance(Duration.ofDays(30));
    Instant rotatedAt = clock.instant();

    String newKid = ring.rotate();

    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(repository.findCurrent().orElseThrow().kid()).isEqualTo(newKid);
    assertThat(jwksKids(tokens)).containsExactlyInAnyOrder(oldKid, newKid);
    assertThat(kidOf(tokens.sign(claims(TOKEN_TTL)))).isEqualTo(oldKid);

    clock.advance(PUBLISH_AHEAD.minus(MICRO));
    assertThat(kidOf(tokens.sign(claims(TOKEN_TTL)))).isEqualTo(oldKid);

    clock.advance(MICRO);
    assertThat(clock.instant()).isEqualTo(rotatedAt.plus(PUBLISH_AHEAD));
    assertThat(kidOf(tokens.sign(claims(TOKEN_TTL)))).isEqualTo(newKid);
    assertThat(ring.get().active().kid()).isEqualTo(newKid);
    assertThat(jwksKids(tokens)).containsExactlyInAnyOrder(oldKid, newKid);
  }

  @Test
  void a_rotation_stores_the_retirement_schedule_of_the_policy() {
    KeyRing ring = ring();
    StoredSigningKey old = repository.findCurrent().orElseThrow();
    clock.advance(Duration.ofHours(5));
    Instant rotatedAt = clock.instant();

    String newKid = ring.rotate();

    StoredSigningKey next = repository.findCurrent().orElseThrow();
    assertThat(next.kid()).isEqualTo(newKid);
    assertThat(next.createdAt()).isEqualTo(rotatedAt);
    assertThat(next.activatesAt()).isEqualTo(rotatedAt.plus(PUBLISH_AHEAD));
    assertThat(repository.findAll()).containsExactly(
        old.retiring(rotatedAt.plus(PUBLISH_AHEAD), rotatedAt.plus(PUBLISH_AHEAD).plus(RETAIN)), next);
  }

  @Test
  void a_token_of_the_old_key_verifies_until_the_old_key_expires_and_is_unknown_after() throws ParseException {
    KeyRing ring = ring();
    JoseAccessTokens tokens = tokens(ring);
    String oldKid = ring.get().active().kid();
    String longLived = tokens.sign(claims(Duration.ofDays(365)));
    clock.advance(Duration.ofHours(1));
    Instant retiresAt = clock.instant().plus(PUBLISH_AHEAD);
    ring.rotate();

    clock.advance(PUBLISH_AHEAD.plus(RETAIN).minus(MICRO));
    assertThat(clock.instant()).isEqualTo(retiresAt.plus(RETAIN).minus(MICRO));
    assertThat(tokens.verify(longLived).subject()).isEqualTo("user-1");
    assertThat(jwksKids(tokens)).contains(oldKid);

    clock.advance(MICRO);
    assertThat(rejection(() -> tokens.verify(longLived))).isEqualTo("unknown_kid");
    assertThat(jwksKids(tokens)).doesNotContain(oldKid).hasSize(1);
  }

  @Test
  void the_last_token_the_old_key_signs_expires_before_the_key_leaves_the_jwks() throws ParseException {
    KeyRing ring = ring();
    JoseAccessTokens tokens = tokens(ring);
    String oldKid = ring.get().active().kid();
    ring.rotate();
    clock.advance(PUBLISH_AHEAD.minus(MICRO));
    String last = tokens.sign(claims(TOKEN_TTL));
    assertThat(kidOf(last)).isEqualTo(oldKid);

    clock.advance(MICRO.plus(TOKEN_TTL));
    assertThat(rejection(() -> tokens.verify(last))).isEqualTo("expired");
    assertThat(jwksKids(tokens)).contains(oldKid);
  }

  @Test
  void expired_keys_leave_the_jwks_at_once_and_the_repository_on_a_later_rotation() {
    KeyRing ring = ring();
    String first = ring.get().active().kid();
    clock.advance(Duration.ofDays(1));
    String second = ring.rotate();
    clock.advance(PUBLISH_AHEAD.plus(RETAIN));
    assertThat(ring.get().all()).extracting(SigningKey::kid).containsExactly(second);
    assertThat(repository.findAll()).extracting(StoredSigningKey::kid).containsExactly(first, second);

    String third = ring.rotate();

    assertThat(repository.findAll()).extracting(StoredSigningKey::kid).containsExactly(second, third);
    assertThat(ring.get().all()).extracting(SigningKey::kid).containsExactlyInAnyOrder(second, third);
  }

  @Test
  void rotating_twice_before_the_next_key_activates_keeps_the_timeline_continuous() throws ParseException {
    KeyRing ring = ring();
    JoseAccessTokens tokens = tokens(ring);
    String first = ring.get().active().kid();
    String second = ring.rotate();
    clock.advance(Duration.ofMinutes(3));
    String third = ring.rotate();

    assertThat(kidOf(tokens.sign(claims(TOKEN_TTL)))).isEqualTo(first);
    clock.advance(PUBLISH_AHEAD.minus(Duration.ofMinutes(3)));
    assertThat(kidOf(tokens.sign(claims(TOKEN_TTL)))).isEqualTo(second);
    clock.advance(Duration.ofMinutes(3));
    assertThat(kidOf(tokens.sign(claims(TOKEN_TTL)))).isEqualTo(third);
    assertThat(jwksKids(tokens)).containsExactlyInAnyOrder(first, second, third);
  }

  @Test
  void the_key_set_is_reused_until_the_timeline_or_the_stored_keys_change() {
    KeyRing ring = ring();
    SigningKeys before = ring.get();
    clock.advance(Duration.ofSeconds(30));
    assertThat(ring.get()).isSameAs(before);

    ring.rotate();
    SigningKeys published = ring.get();
    assertThat(published).isNotSameAs(before);
    clock.advance(Duration.ofSeconds(30));
    assertThat(ring.get()).isSameAs(published);

    clock.advance(PUBLISH_AHEAD);
    assertThat(ring.get().active().kid()).isNotEqualTo(published.active().kid());
  }

  @Test
  void rotating_if_older_than_rotates_only_a_key_of_that_age() {
    KeyRing ring = ring();
    Duration maxAge = Duration.ofDays(30);
    clock.advance(maxAge.minus(MICRO));

    assertThat(ring.rotateIfOlderThan(maxAge)).isFalse();
    assertThat(repository.findAll()).hasSize(1);

    clock.advance(MICRO);
    assertThat(ring.rotateIfOlderThan(maxAge)).isTrue();
    assertThat(repository.findAll()).hasSize(2);
    assertThat(repository.findCurrent().orElseThrow().createdAt()).isEqualTo(clock.instant());

    assertThat(ring.rotateIfOlderThan(maxAge)).isFalse();
    assertThat(repository.findAll()).hasSize(2);
  }

  @Test
  void a_deployment_changes_algorithm_by_rotating_and_old_tokens_keep_verifying() throws ParseException {
    KeyRing es256 = ring();
    String oldToken = tokens(es256).sign(claims(TOKEN_TTL));
    KeyRing eddsa = KeyRing.open(repository, encryption, SigningAlgorithm.EdDSA, clock, POLICY);
    assertThat(eddsa.get().active().algorithm()).isEqualTo(SigningAlgorithm.ES256);
    clock.advance(Duration.ofMinutes(1));

    String newKid = eddsa.rotate();
    clock.advance(PUBLISH_AHEAD);
    assertThat(es256.get().active().kid()).isEqualTo(newKid);
    JoseAccessTokens tokens = tokens(eddsa);
    String newToken = tokens.sign(claims(TOKEN_TTL));

    assertThat(repository.findAll()).extracting(StoredSigningKey::algorithm).containsExactly("ES256", "EdDSA");
    assertThat(kidOf(newToken)).isEqualTo(newKid);
    assertThat(SignedJWT.parse(newToken).getHeader().getAlgorithm().getName()).isEqualTo("EdDSA");
    assertThat(tokens.verify(oldToken).subject()).isEqualTo("user-1");
    assertThat(tokens.verify(newToken).subject()).isEqualTo("user-1");
  }

  // ---------------------------------------------------------------- several nodes

  @Test
  void two_nodes_on_one_repository_agree_on_the_active_key_and_accept_each_others_tokens() {
    KeyRing a = ring();
    KeyRing b = ring();
    JoseAccessTokens tokensA = tokens(a);
    JoseAccessTokens tokensB = tokens(b);

    assertThat(repository.findAll()).hasSize(1);
    assertThat(b.get().active().kid()).isEqualTo(a.get().active().kid());
    assertThat(tokensB.verify(tokensA.sign(claims(TOKEN_TTL))).subject()).isEqualTo("user-1");
    assertThat(tokensA.verify(tokensB.sign(claims(TOKEN_TTL))).subject()).isEqualTo("user-1");
  }

  @Test
  void nodes_starting_together_on_an_empty_repository_store_one_first_key() {
    List<KeyRing> rings = race(8, i -> ring());

    assertThat(repository.findAll()).hasSize(1);
    String kid = repository.findCurrent().orElseThrow().kid();
    assertThat(rings).allSatisfy(ring -> assertThat(ring.get().active().kid()).isEqualTo(kid));
  }

  @Test
  void a_rotation_on_one_node_reaches_another_within_the_refresh_interval_before_the_new_key_signs()
      throws ParseException {
    KeyRing a = ring();
    KeyRing b = ring();
    JoseAccessTokens tokensA = tokens(a);
    JoseAccessTokens tokensB = tokens(b);
    String oldKid = a.get().active().kid();
    clock.advance(Duration.ofHours(1));
    b.get(); // b reads the repository now, before the rotation

    String newKid = a.rotate();
    assertThat(jwksKids(tokensB)).containsExactly(oldKid);
    clock.advance(REFRESH.minus(MICRO));
    assertThat(jwksKids(tokensB)).containsExactly(oldKid);

    clock.advance(MICRO);
    assertThat(jwksKids(tokensB)).containsExactlyInAnyOrder(oldKid, newKid);
    assertThat(kidOf(tokensB.sign(claims(TOKEN_TTL)))).isEqualTo(oldKid);

    clock.advance(PUBLISH_AHEAD.minus(REFRESH));
    String signedByA = tokensA.sign(claims(TOKEN_TTL));
    String signedByB = tokensB.sign(claims(TOKEN_TTL));
    assertThat(kidOf(signedByA)).isEqualTo(newKid);
    assertThat(kidOf(signedByB)).isEqualTo(newKid);
    assertThat(tokensB.verify(signedByA).subject()).isEqualTo("user-1");
    assertThat(tokensA.verify(signedByB).subject()).isEqualTo("user-1");
  }

  @Test
  void refresh_reads_another_nodes_rotation_at_once() {
    KeyRing a = ring();
    KeyRing b = ring();
    String newKid = a.rotate();
    assertThat(b.get().find(newKid)).isEmpty();

    b.refresh();

    assertThat(b.get().find(newKid)).isPresent();
  }

  @Test
  void concurrent_rotations_on_two_nodes_from_one_current_key_store_one_new_key() {
    GatedRepository gated = new GatedRepository(repository);
    KeyRing a = KeyRing.open(gated, encryption, SigningAlgorithm.ES256, clock, POLICY);
    KeyRing b = KeyRing.open(gated, encryption, SigningAlgorithm.ES256, clock, POLICY);
    List<KeyRing> nodes = List.of(a, b);
    int threads = 4;
    for (int round = 0; round < 5; round++) {
      clock.advance(Duration.ofHours(1));
      Instant now = clock.instant();
      gated.arm(threads); // every rotation reads the same current key before any of them writes

      List<String> kids = race(threads, i -> nodes.get(i % 2).rotate());

      gated.disarm();
      String current = repository.findCurrent().orElseThrow().kid();
      assertThat(repository.findAll()).as("round %d: keys created now", round)
          .filteredOn(key -> key.createdAt().equals(now)).extracting(StoredSigningKey::kid).containsExactly(current);
      assertThat(kids).as("round %d", round).containsOnly(current);
      assertThat(a.get().find(current)).as("round %d", round).isPresent();
      assertThat(b.get().find(current)).as("round %d", round).isPresent();
    }
  }

  // ---------------------------------------------------------------- key encryption and outages

  @Test
  void a_ring_opened_with_another_key_encryption_key_fails_naming_the_key_and_the_cause() {
    String kid = ring().get().active().kid();

    assertThatThrownBy(() -> KeyRing.open(repository, KeyEncryption.generate(), SigningAlgorithm.ES256, clock,
        POLICY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("signing key " + kid + " cannot be opened: KEY_ENCRYPTION_KEY differs from the one"
            + " it was sealed with, or the row was altered");
  }

  @Test
  void a_sealed_key_copied_to_another_row_does_not_open() {
    ring();
    StoredSigningKey original = repository.findCurrent().orElseThrow();
    SigningKeyRepository other = MemoryStores.create().signingKeys();
    other.insertFirst(new StoredSigningKey("forged-kid", original.algorithm(), original.publicJwk(),
        original.sealedPrivateKey(), original.createdAt(), original.activatesAt(), null, null));

    assertThatThrownBy(() -> KeyRing.open(other, encryption, SigningAlgorithm.ES256, clock, POLICY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing key forged-kid cannot be opened");
  }

  @Test
  void a_store_outage_on_reload_leaves_the_cached_keys_in_use_and_retries_once_per_interval()
      throws ParseException {
    FailingRepository failing = new FailingRepository(repository);
    KeyRing ring = KeyRing.open(failing, encryption, SigningAlgorithm.ES256, clock, POLICY);
    JoseAccessTokens tokens = tokens(ring);
    String kid = ring.get().active().kid();
    String before = tokens.sign(claims(TOKEN_TTL));
    failing.down = true;

    clock.advance(REFRESH);
    String during = tokens.sign(claims(TOKEN_TTL));
    assertThat(failing.refusedCalls.get()).isEqualTo(1);
    clock.advance(REFRESH.minus(MICRO));
    assertThat(tokens.verify(before).subject()).isEqualTo("user-1");
    assertThat(tokens.verify(during).subject()).isEqualTo("user-1");
    assertThat(kidOf(during)).isEqualTo(kid);
    assertThat(jwksKids(tokens)).containsExactly(kid);
    assertThat(failing.refusedCalls.get()).as("no read before the next interval").isEqualTo(1);
    clock.advance(MICRO);
    assertThat(ring.get().active().kid()).isEqualTo(kid);
    assertThat(failing.refusedCalls.get()).isEqualTo(2);
    assertThatThrownBy(ring::rotate).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(ring::refresh).isInstanceOf(StoreUnavailableException.class);
    assertThat(ring.get().active().kid()).isEqualTo(kid);

    String rotatedMeanwhile = ring().rotate(); // another node, once the store is back
    failing.down = false;
    clock.advance(REFRESH);
    assertThat(ring.get().find(rotatedMeanwhile)).isPresent();
  }

  @Test
  void a_store_outage_right_after_a_rotation_keeps_the_rotation_and_rereads_later() {
    FailingRepository failing = new FailingRepository(repository);
    KeyRing ring = KeyRing.open(failing, encryption, SigningAlgorithm.ES256, clock, POLICY);
    failing.downAfterRotate = true;

    String newKid = ring.rotate();

    assertThat(repository.findCurrent().orElseThrow().kid()).isEqualTo(newKid);
    failing.down = false;
    assertThat(ring.get().find(newKid)).isPresent();
  }

  @Test
  void to_string_names_the_algorithm_and_kids_only() {
    KeyRing ring = ring();
    String kid = ring.get().active().kid();

    assertThat(ring.toString()).isEqualTo("KeyRing[algorithm=ES256, kids=[" + kid + "]]");
  }

  // ---------------------------------------------------------------- helpers

  /** A ring of ES256 keys (fast to generate) on the shared repository, clock and key-encryption key. */
  private KeyRing ring() {
    return KeyRing.open(repository, encryption, SigningAlgorithm.ES256, clock, POLICY);
  }

  private JoseAccessTokens tokens(KeyRing ring) {
    return JoseAccessTokens.create(ring, ISSUER, AUDIENCE, clock);
  }

  private AccessTokenClaims claims(Duration lifetime) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return new AccessTokenClaims(ISSUER, AUDIENCE, "user-1", now, now.plus(lifetime), "jti-1", "sid-1", List.of(),
        List.of("pwd"), null, false, null);
  }

  private static String kidOf(String token) throws ParseException {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  @SuppressWarnings("unchecked")
  private static List<String> jwksKids(JoseAccessTokens tokens) {
    List<Map<String, Object>> keys = (List<Map<String, Object>>) tokens.toJwks().get("keys");
    return keys.stream().map(key -> (String) key.get("kid")).collect(Collectors.toList());
  }

  private static String rejection(Runnable verification) {
    InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class, verification::run);
    assertThat(e).as("a rejected token").isNotNull();
    return e.reason();
  }

  /** Runs {@code task} on {@code threads} real threads released together by a start gate; returns the results. */
  private static <T> List<T> race(int threads, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          return task.apply(index);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("a racing thread failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A repository whose {@code findCurrent} waits, while armed, until {@code parties} callers have read the current
   * key, so that racing rotations all start from the same key.
   */
  private static final class GatedRepository extends ForwardingRepository {
    private volatile CyclicBarrier gate;

    GatedRepository(SigningKeyRepository delegate) {
      super(delegate);
    }

    void arm(int parties) {
      gate = new CyclicBarrier(parties);
    }

    void disarm() {
      gate = null;
    }

    @Override
    public Optional<StoredSigningKey> findCurrent() {
      Optional<StoredSigningKey> current = super.findCurrent();
      CyclicBarrier barrier = gate;
      if (barrier != null) {
        try {
          barrier.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
          throw new IllegalStateException("the racing rotations did not all read the current key", e);
        }
      }
      return current;
    }
  }

  /** A repository that refuses every call with {@link StoreUnavailableException} while {@code down}. */
  private static final class FailingRepository extends ForwardingRepository {
    volatile boolean down;
    volatile boolean downAfterRotate;
    final AtomicInteger refusedCalls = new AtomicInteger();

    FailingRepository(SigningKeyRepository delegate) {
      super(delegate);
    }

    @Override
    void before() {
      if (down) {
        refusedCalls.incrementAndGet();
        throw new StoreUnavailableException("signing keys: connection refused", null);
      }
    }

    @Override
    public boolean rotate(String currentKid, Instant retiresAt, Instant expiresAt, StoredSigningKey next) {
      boolean rotated = super.rotate(currentKid, retiresAt, expiresAt, next);
      if (downAfterRotate) {
        down = true;
      }
      return rotated;
    }
  }

  /** Passes every call to a real repository. */
  private static class ForwardingRepository implements SigningKeyRepository {
    private final SigningKeyRepository delegate;

    ForwardingRepository(SigningKeyRepository delegate) {
      this.delegate = delegate;
    }

    void before() {}

    @Override
    public List<StoredSigningKey> findAll() {
      before();
      return delegate.findAll();
    }

    @Override
    public Optional<StoredSigningKey> findCurrent() {
      before();
      return delegate.findCurrent();
    }

    @Override
    public boolean insertFirst(StoredSigningKey key) {
      before();
      return delegate.insertFirst(key);
    }

    @Override
    public boolean rotate(String currentKid, Instant retiresAt, Instant expiresAt, StoredSigningKey next) {
      before();
      return delegate.rotate(currentKid, retiresAt, expiresAt, next);
    }

    @Override
    public int deleteExpired(Instant now) {
      before();
      return delegate.deleteExpired(now);
    }

    @Override
    public boolean replaceSealedPrivateKey(String kid, String expectedSealed, String sealed) {
      before();
      return delegate.replaceSealedPrivateKey(kid, expectedSealed, sealed);
    }
  }
}
