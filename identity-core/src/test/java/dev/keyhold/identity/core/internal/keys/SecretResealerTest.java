package dev.keyhold.identity.core.internal.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.KeyRing;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.internal.mfa.TotpFactor;
import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.model.mfa.TotpCredential;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.TotpCredentialRepository;
import dev.keyhold.identity.usecase.ResealSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Resealing over the memory stores, with real keys sealed by one key-encryption key and resealed under another. */
class SecretResealerTest {

  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final KeyRing.Policy POLICY = KeyRing.Policy.defaults(Duration.ofMinutes(15));
  private static final int CREDENTIALS = SecretResealer.PAGE_SIZE + 30;

  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final MemoryStores stores = MemoryStores.create();
  private final KeyEncryption keyA = KeyEncryption.generate();
  private final KeyEncryption keyB = KeyEncryption.generate();
  private final KeyEncryption rotating = keyB.withPrevious(keyA);
  private final List<UserId> users = new ArrayList<>();

  /** Three signing keys and {@link #CREDENTIALS} TOTP secrets (more than a page, pending and confirmed), all under A. */
  private void storeUnderA() {
    KeyRing ring = KeyRing.open(stores.signingKeys(), keyA, SigningAlgorithm.ES256, clock, POLICY);
    ring.rotate();
    ring.rotate();
    for (int i = 0; i < CREDENTIALS; i++) {
      UserId user = new UserId(UUID.randomUUID());
      users.add(user);
      stores.totpCredentials().savePending(
          TotpCredential.pending(user, keyA.seal("SECRET" + i, TotpFactor.associatedData(user)), T0));
      if (i % 3 == 0) {
        stores.totpCredentials().confirm(user, 1_000 + i, T0.plusSeconds(30));
      }
    }
  }

  @Test
  void a_run_reseals_every_secret_under_the_current_key_and_a_second_run_reseals_nothing() {
    storeUnderA();
    List<TotpCredential> before = credentials();

    ResealSecrets.Result first = Keyhold.resealSecrets(stores, rotating).reseal();

    assertThat(first.signingKeys()).isEqualTo(new ResealSecrets.Count(3, 0, 0));
    assertThat(first.totpSecrets()).isEqualTo(new ResealSecrets.Count(CREDENTIALS, 0, 0));
    assertThat(first.resealed()).isEqualTo(3 + CREDENTIALS);
    assertThat(first.complete()).isTrue();
    ResealSecrets.Result second = Keyhold.resealSecrets(stores, rotating).reseal();
    assertThat(second.resealed()).isZero();
    assertThat(second.signingKeys()).isEqualTo(new ResealSecrets.Count(0, 3, 0));
    assertThat(second.totpSecrets()).isEqualTo(new ResealSecrets.Count(0, CREDENTIALS, 0));

    // the new key alone now opens everything, and nothing but the sealed form changed
    KeyRing withBOnly = KeyRing.open(stores.signingKeys(), keyB, SigningAlgorithm.ES256, clock, POLICY);
    assertThat(withBOnly.get().all()).hasSize(3);
    for (StoredSigningKey key : stores.signingKeys().findAll()) {
      assertThatThrownBy(() -> keyA.open(key.sealedPrivateKey(), key.kid())).isInstanceOf(IllegalStateException.class);
    }
    List<TotpCredential> after = credentials();
    for (int i = 0; i < CREDENTIALS; i++) {
      TotpCredential was = before.get(i);
      TotpCredential is = after.get(i);
      assertThat(keyB.open(is.sealedSecret(), TotpFactor.associatedData(is.userId())))
          .isEqualTo(keyA.open(was.sealedSecret(), TotpFactor.associatedData(was.userId())));
      assertThat(new TotpCredential(is.userId(), was.sealedSecret(), is.createdAt(), is.confirmedAt(),
          is.lastUsedStep())).isEqualTo(was);
    }
  }

  @Test
  void a_value_neither_key_opens_is_reported_by_name_and_the_rest_is_resealed() {
    storeUnderA();
    KeyEncryption stranger = KeyEncryption.generate();
    UserId victim = users.get(7);
    TotpCredential stored = stores.totpCredentials().find(victim).orElseThrow();
    String foreign = stranger.seal("X", TotpFactor.associatedData(victim));
    assertThat(stores.totpCredentials().replaceSealedSecret(victim, stored.sealedSecret(), foreign)).isTrue();

    ResealSecrets.Result result = Keyhold.resealSecrets(stores, rotating).reseal();

    assertThat(result.complete()).isFalse();
    assertThat(result.unreadable()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("TOTP secret of user " + victim + ": cannot be opened: KEY_ENCRYPTION_KEY differs")
        .contains(stranger.keyId(), keyA.keyId(), keyB.keyId())
        .doesNotContain(keyA.encodedKey(), keyB.encodedKey(), stranger.encodedKey()));
    assertThat(result.signingKeys().resealed()).isEqualTo(3);
    assertThat(result.totpSecrets().resealed()).isEqualTo(CREDENTIALS - 1);
    assertThat(stores.totpCredentials().find(victim).orElseThrow().sealedSecret()).isEqualTo(foreign);
  }

  @Test
  void a_value_altered_under_the_current_key_is_reported_too() {
    storeUnderA();
    Keyhold.resealSecrets(stores, rotating).reseal();
    UserId victim = users.get(3);
    String copied = stores.totpCredentials().find(users.get(4)).orElseThrow().sealedSecret();
    stores.totpCredentials().replaceSealedSecret(victim,
        stores.totpCredentials().find(victim).orElseThrow().sealedSecret(), copied);

    ResealSecrets.Result result = Keyhold.resealSecrets(stores, keyB).reseal();

    assertThat(result.unreadable()).singleElement().asString()
        .startsWith("TOTP secret of user " + victim + ": cannot be opened");
  }

  @Test
  void a_secret_written_by_a_node_between_the_read_and_the_write_is_kept_and_counted_as_current() {
    storeUnderA();
    UserId racing = users.get(1);
    TotpCredential freshEnrolment = TotpCredential.pending(racing,
        rotating.seal("NEWSECRET", TotpFactor.associatedData(racing)), T0.plusSeconds(60));
    MemoryStores racingStores = storesWhere(credentials -> {
      credentials.delete(racing);
      credentials.savePending(freshEnrolment);
    }, racing);

    ResealSecrets.Result result = Keyhold.resealSecrets(racingStores, rotating).reseal();

    assertThat(result.totpSecrets()).isEqualTo(new ResealSecrets.Count(CREDENTIALS - 1, 1, 0));
    assertThat(stores.totpCredentials().find(racing)).contains(freshEnrolment);
  }

  @Test
  void a_credential_deleted_between_the_read_and_the_write_is_counted_as_gone() {
    storeUnderA();
    UserId racing = users.get(2);
    MemoryStores racingStores = storesWhere(credentials -> credentials.delete(racing), racing);

    ResealSecrets.Result result = Keyhold.resealSecrets(racingStores, rotating).reseal();

    assertThat(result.totpSecrets()).isEqualTo(new ResealSecrets.Count(CREDENTIALS - 1, 0, 1));
    assertThat(stores.totpCredentials().find(racing)).isEmpty();
  }

  /** Every credential, in the order of the users stored. */
  private List<TotpCredential> credentials() {
    return users.stream().map(user -> stores.totpCredentials().find(user).orElseThrow()).toList();
  }

  /**
   * These stores, but the first reseal of {@code user}'s secret finds that {@code meanwhile} happened just before
   * its compare-and-set.
   */
  private MemoryStores storesWhere(Consumer<TotpCredentialRepository> meanwhile, UserId user) {
    TotpCredentialRepository real = stores.totpCredentials();
    TotpCredentialRepository racing = new TotpCredentialRepository() {
      private boolean raced;

      @Override
      public boolean savePending(TotpCredential pending) {
        return real.savePending(pending);
      }

      @Override
      public java.util.Optional<TotpCredential> find(UserId userId) {
        return real.find(userId);
      }

      @Override
      public boolean confirm(UserId userId, long step, Instant at) {
        return real.confirm(userId, step, at);
      }

      @Override
      public boolean useStep(UserId userId, long step) {
        return real.useStep(userId, step);
      }

      @Override
      public boolean delete(UserId userId) {
        return real.delete(userId);
      }

      @Override
      public List<TotpCredential> findPage(UserId after, int limit) {
        return real.findPage(after, limit);
      }

      @Override
      public boolean replaceSealedSecret(UserId userId, String expectedSealed, String sealed) {
        if (userId.equals(user) && !raced) {
          raced = true;
          meanwhile.accept(real);
        }
        return real.replaceSealedSecret(userId, expectedSealed, sealed);
      }
    };
    return MemoryStores.builder().signingKeys(stores.signingKeys()).totpCredentials(racing).build();
  }
}
