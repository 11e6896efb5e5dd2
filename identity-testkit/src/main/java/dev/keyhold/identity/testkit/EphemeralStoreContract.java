package dev.keyhold.identity.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.EphemeralStore;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EphemeralStore}: every adapter's test extends this class and implements {@link #createEmpty()}.
 *
 * <p>A store such as Redis keeps its own time for time-to-live, so the two expiry tests use real time: a ttl of half a
 * second, and {@link Eventually} polling until it is over. Every other test uses a ttl of an hour and does not wait.
 */
public abstract class EphemeralStoreContract {

  private static final Duration SHORT_TTL = Duration.ofMillis(500);
  private static final Duration LONG_TTL = Duration.ofHours(1);
  private static final Duration EXPIRY_TIMEOUT = Duration.ofSeconds(5);
  /** More probes than {@link Eventually} polls within {@link #EXPIRY_TIMEOUT} (about 110). */
  private static final int PROBES = 256;

  private ProtectionStores stores;
  private EphemeralStore ephemeral;

  /**
   * Stores that hold nothing, called once before each test; the contract uses their {@code ephemeral()}. A shared
   * store (such as Redis) is emptied here and may return the same instance every time.
   */
  protected abstract ProtectionStores createEmpty();

  @BeforeEach
  void createStores() {
    stores = createEmpty();
    ephemeral = stores.ephemeral();
  }

  @Test
  void working_stores_are_ready() {
    assertThat(stores.isReady()).isTrue();
  }

  @Test
  void taking_an_absent_key_returns_empty() {
    assertThat(ephemeral.take("oauth-state:unknown")).isEmpty();
  }

  @Test
  void a_value_is_taken_exactly_once() {
    ephemeral.put("oauth-state:1", "verifier-1", LONG_TTL);

    assertThat(ephemeral.take("oauth-state:1")).contains("verifier-1");
    assertThat(ephemeral.take("oauth-state:1")).isEmpty();
  }

  @Test
  void putting_again_replaces_the_value() {
    ephemeral.put("mfa:alice", "first", LONG_TTL);

    ephemeral.put("mfa:alice", "second", LONG_TTL);

    assertThat(ephemeral.take("mfa:alice")).contains("second");
    assertThat(ephemeral.take("mfa:alice")).isEmpty();
  }

  @Test
  void keys_are_independent() {
    ephemeral.put("mfa:alice", "alice's challenge", LONG_TTL);
    ephemeral.put("mfa:bob", "bob's challenge", LONG_TTL);

    assertThat(ephemeral.take("mfa:alice")).contains("alice's challenge");
    assertThat(ephemeral.take("mfa:bob")).contains("bob's challenge");
  }

  @Test
  void values_round_trip_unchanged() {
    String value = "{\"redirect\":\"/café?q=a b&x=1\",\n \"nonce\":\"✓ 🔑\"} " + "x".repeat(4_000);

    ephemeral.put("oauth-state:2", value, LONG_TTL);

    assertThat(ephemeral.take("oauth-state:2")).contains(value);
  }

  @Test
  void a_value_disappears_when_its_ttl_expires() {
    ephemeral.put("oauth-state:3", "expiring", SHORT_TTL);
    ephemeral.put("oauth-state:4", "lasting", LONG_TTL);

    awaitExpiryOfEarlierShortTtls();

    assertThat(ephemeral.take("oauth-state:3")).isEmpty();
    assertThat(ephemeral.take("oauth-state:4")).contains("lasting");
  }

  @Test
  void putting_again_sets_a_new_ttl() {
    ephemeral.put("mfa:alice", "first", SHORT_TTL);
    ephemeral.put("mfa:alice", "second", LONG_TTL);

    awaitExpiryOfEarlierShortTtls();

    assertThat(ephemeral.take("mfa:alice")).contains("second");
  }

  @Test
  void concurrent_takes_of_one_value_return_it_exactly_once() {
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      String key = "oauth-state:race-" + round;
      String value = "value " + round;
      ephemeral.put(key, value, LONG_TTL);

      List<Outcome<Optional<String>>> outcomes = Concurrently.call(32, i -> ephemeral.take(key));

      assertThat(outcomes).allMatch(Outcome::succeeded);
      assertThat(outcomes)
          .filteredOn(outcome -> outcome.value().isPresent())
          .as("round %d", round)
          .singleElement()
          .satisfies(outcome -> assertThat(outcome.value()).contains(value));
    }
  }

  /**
   * Returns once every value put with {@link #SHORT_TTL} before this call has expired. Taking is destructive, so
   * this puts a batch of probes with that ttl and polls by taking a different one each time, newest first: once the
   * newest probe left has expired, all older ones have too, and so has every value put before them.
   */
  private void awaitExpiryOfEarlierShortTtls() {
    Deque<String> probes = new ArrayDeque<>();
    for (int i = 0; i < PROBES; i++) {
      String probe = "probe:" + i;
      ephemeral.put(probe, "probe", SHORT_TTL);
      probes.push(probe);
    }

    Eventually.await(EXPIRY_TIMEOUT, () -> {
      assertThat(probes).as("probes left to take before the ttl expired").isNotEmpty();
      return ephemeral.take(probes.pop()).isEmpty();
    });

    assertThat(probes).allSatisfy(probe -> assertThat(ephemeral.take(probe)).as(probe).isEmpty());
  }
}
