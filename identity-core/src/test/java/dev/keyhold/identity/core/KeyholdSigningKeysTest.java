package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.KeyRing;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.model.key.StoredSigningKey;
import dev.keyhold.identity.testkit.MutableClock;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RegisterAccount;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link Keyhold.Builder} chooses between a fixed key set and a {@link KeyRing} over the stores. */
class KeyholdSigningKeysTest {

  private static final KeyholdSettings SETTINGS =
      KeyholdSettings.builder("https://id.example.com").requireVerifiedEmail(false).build();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00.123456789Z"));
  private final MemoryStores stores = MemoryStores.create();
  private final MemoryProtectionStores protection = MemoryProtectionStores.create(clock);
  private final KeyEncryption encryption = KeyEncryption.generate();

  @Test
  void by_default_keyhold_signs_with_an_rs256_key_ring_over_the_stores() {
    Keyhold keyhold = node(builder());

    assertThat(keyhold.keyRing()).isPresent();
    List<StoredSigningKey> stored = stores.signingKeys().findAll();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).algorithm()).isEqualTo("RS256");
    assertThat(stored.get(0).createdAt()).as("read at microsecond precision")
        .isEqualTo(Instant.parse("2026-03-01T09:00:00.123456Z"));
    String token = login(keyhold, "ada@example.com");
    assertThat(headerOf(token)).contains("\"kid\":\"" + stored.get(0).kid() + "\"", "\"alg\":\"RS256\"");
    assertThat(keyhold.sessions().authenticate(token).subject()).isNotBlank();
    assertThat(kids(keyhold.sessions().jwks())).containsExactly(stored.get(0).kid());
  }

  @Test
  void two_instances_on_the_same_stores_and_key_share_the_keys_and_accept_each_others_tokens() {
    Keyhold first = node(builder().keyEncryption(encryption));
    Keyhold second = node(builder().keyEncryption(encryption));

    assertThat(stores.signingKeys().findAll()).hasSize(1);
    assertThat(kids(second.sessions().jwks())).isEqualTo(kids(first.sessions().jwks()));
    assertThat(second.sessions().authenticate(login(first, "ada@example.com")).subject()).isNotBlank();
    assertThat(first.sessions().authenticate(login(second, "bob@example.com")).subject()).isNotBlank();
  }

  @Test
  void a_rotation_through_the_key_ring_reaches_the_jwks_of_every_instance() {
    Keyhold first = node(builder().keyEncryption(encryption));
    Keyhold second = node(builder().keyEncryption(encryption));
    String oldKid = stores.signingKeys().findCurrent().orElseThrow().kid();
    String token = login(first, "ada@example.com");

    String newKid = first.keyRing().orElseThrow().rotate();
    clock.advance(Duration.ofMinutes(1));

    assertThat(kids(second.sessions().jwks())).containsExactlyInAnyOrder(oldKid, newKid);
    assertThat(second.sessions().authenticate(token).subject()).isNotBlank();
  }

  @Test
  void creating_the_first_key_and_every_rotation_are_audited_once_by_the_node_that_did_it() {
    Keyhold first = node(builder().keyEncryption(encryption));
    node(builder().keyEncryption(encryption));
    String firstKid = stores.signingKeys().findCurrent().orElseThrow().kid();

    String newKid = first.keyRing().orElseThrow().rotate();

    List<AuditEvent> keyEvents = stores.auditLog().readChain(0, 100).stream().map(AuditRecord::event)
        .filter(event -> event.action().startsWith("signing_key.")).toList();
    assertThat(keyEvents).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::targetId)
        .containsExactly(tuple("signing_key.created", "success", firstKid),
            tuple("signing_key.rotated", "success", newKid));
    assertThat(keyEvents.get(0).details()).containsExactlyEntriesOf(Map.of("algorithm", "RS256"));
    assertThat(keyEvents.get(1).details()).containsEntry("retired_kid", firstKid)
        .containsEntry("algorithm", "RS256")
        .containsKeys("activates_at", "retired_expires_at");
    assertThat(keyEvents).allSatisfy(event -> assertThat(event.actorId()).isNull());
  }

  @Test
  void an_instance_with_another_key_encryption_key_refuses_to_start() {
    node(builder().keyEncryption(encryption));

    assertThatThrownBy(() -> node(builder().keyEncryption(KeyEncryption.generate())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be opened: KEY_ENCRYPTION_KEY differs from the one it was sealed with");
  }

  @Test
  void the_signing_algorithm_applies_to_the_keys_the_ring_creates() {
    Keyhold keyhold = node(builder().signingAlgorithm(SigningAlgorithm.ES256));

    assertThat(stores.signingKeys().findCurrent().orElseThrow().algorithm()).isEqualTo("ES256");
    assertThat(headerOf(login(keyhold, "ada@example.com"))).contains("\"alg\":\"ES256\"");
  }

  @Test
  void the_key_ring_policy_is_used_when_given() {
    Keyhold keyhold = node(builder().keyRingPolicy(
        new KeyRing.Policy(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofMinutes(2))));

    keyhold.keyRing().orElseThrow().rotate();

    StoredSigningKey next = stores.signingKeys().findCurrent().orElseThrow();
    assertThat(Duration.between(next.createdAt(), next.activatesAt())).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void a_key_ring_policy_that_drops_keys_before_their_tokens_expire_is_refused() {
    KeyRing.Policy tooShort = new KeyRing.Policy(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(1));

    assertThatThrownBy(() -> node(builder().keyRingPolicy(tooShort)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("retainAfterRetirement");
  }

  @Test
  void a_fixed_key_set_is_used_as_given_and_the_stores_keys_are_left_alone() {
    SigningKeys fixed = SigningKeys.generate(SigningAlgorithm.ES256);

    Keyhold keyhold = node(builder().signingKeys(fixed));

    assertThat(keyhold.keyRing()).isEmpty();
    assertThat(stores.signingKeys().findAll()).isEmpty();
    assertThat(headerOf(login(keyhold, "ada@example.com"))).contains("\"kid\":\"" + fixed.active().kid() + "\"");
  }

  private Keyhold.Builder builder() {
    return Keyhold.builder()
        .stores(stores)
        .protection(protection)
        .settings(SETTINGS)
        .passwordHasher(Argon2idPasswordHasher.withParameters(TestKeyhold.FAST))
        .clock(clock)
        .mailer(message -> { });
  }

  private static Keyhold node(Keyhold.Builder builder) {
    return builder.build();
  }

  private static String login(Keyhold keyhold, String email) {
    keyhold.accounts().register(new RegisterAccount.Command(email, PASSWORD, null, CLIENT));
    Authenticate.LoginResult result = keyhold.accounts().login(new Authenticate.Command(email, PASSWORD, CLIENT));
    return ((Authenticate.Authenticated) result).tokens().accessToken();
  }

  private static String headerOf(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> kids(Map<String, Object> jwks) {
    return ((List<Map<String, Object>>) jwks.get("keys")).stream().map(key -> key.get("kid")).toList();
  }
}
