package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Rotating the key-encryption key on a real PostgreSQL with real servers, as docs/operations.md tells an operator
 * to: a server with key A stores signing keys and TOTP secrets; servers restarted with B and A as previous keep
 * working; {@code reseal-keys} moves everything to B while a node serves; then B alone is enough.
 */
class KeyRotationTest {

  private static final Map<String, String> FAST_HASHING = Map.of("ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1");

  private final CapturingMailer mail = new CapturingMailer();

  /** What a command printed, and how it exited. */
  record Report(int status, String output) {}

  @Test
  void nodes_with_both_keys_keep_working_reseal_keys_moves_every_secret_and_then_the_new_key_alone_suffices()
      throws Exception {
    KeyEncryption keyA = KeyEncryption.generate();
    KeyEncryption keyB = KeyEncryption.generate();
    Map<String, String> withA = TestDatabase.serverEnvironment(
        with(FAST_HASHING, "KEY_ENCRYPTION_KEY", keyA.encodedKey()));
    Map<String, String> withBAndA = with(withA, "KEY_ENCRYPTION_KEY", keyB.encodedKey(),
        "KEY_ENCRYPTION_KEY_PREVIOUS", keyA.encodedKey());
    Map<String, String> withB = with(withA, "KEY_ENCRYPTION_KEY", keyB.encodedKey());

    // key A: two signing keys, three confirmed authenticators and a pending one, and a session with its tokens
    Authenticator first;
    Authenticator second;
    Authenticator third;
    String oldAccess;
    String oldRefresh;
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(withA), mail, true)) {
      ApiClient api = new ApiClient(server.port());
      first = SignUps.enrol(api, SignUps.signUp(api, mail, "first@rotation.example.com").text("access_token"));
      second = SignUps.enrol(api, SignUps.signUp(api, mail, "second@rotation.example.com").text("access_token"));
      third = SignUps.enrol(api, SignUps.signUp(api, mail, "third@rotation.example.com").text("access_token"));
      SignUps.startEnrolment(api, SignUps.signUp(api, mail, "pending@rotation.example.com").text("access_token"));
      ApiClient.Response session = SignUps.signUp(api, mail, "plain@rotation.example.com");
      oldAccess = session.text("access_token");
      oldRefresh = session.text("refresh_token");
      assertThat(Main.run(new String[] {"rotate-keys"}, withA)).isEqualTo(Main.OK);
    }
    int stored = count(withA, "signing_keys") + count(withA, "totp_credentials");
    assertThat(stored).isEqualTo(2 + 4);
    assertThat(sealedValues(withA)).allSatisfy(sealed -> assertThat(keyIdOf(sealed)).isEqualTo(keyA.keyId()));

    // B with A as previous: everything sealed with A opens; a node serves throughout the reseal
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(withBAndA), mail, false)) {
      ApiClient api = new ApiClient(server.port());
      ApiClient.Response signedIn = SignUps.signIn(api, "first@rotation.example.com", first);
      assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
      assertThat(api.get("/api/v1/me", oldAccess).status()).as("a token signed before the restart").isEqualTo(200);
      assertThat(api.get("/.well-known/jwks.json", null).body().get("keys")).hasSize(2);

      AtomicBoolean resealing = new AtomicBoolean(true);
      CompletableFuture<List<Integer>> traffic = CompletableFuture.supplyAsync(() -> {
        List<Integer> statuses = new ArrayList<>();
        do {
          statuses.add(api.get("/api/v1/me", oldAccess).status());
          statuses.add(api.get("/.well-known/jwks.json", null).status());
        } while (resealing.get() || statuses.size() < 20);
        return statuses;
      });
      Report resealed;
      try {
        resealed = run(withBAndA, "reseal-keys");
      } finally {
        resealing.set(false);
      }
      assertThat(resealed.status()).as(resealed.output()).isEqualTo(Main.OK);
      assertThat(resealed.output()).isEqualTo("Resealed " + stored + " stored secret(s) under key-encryption key "
          + keyB.keyId() + ": 2 signing key(s) and 4 TOTP secret(s) resealed, 0 already sealed with it, 0 deleted"
          + " meanwhile\n");
      assertThat(traffic.get()).as("the node kept answering during the reseal").containsOnly(200);

      server.keyhold().keyRing().orElseThrow().refresh(); // the node reopens the resealed keys
      ApiClient.Response afterReseal = SignUps.signIn(api, "second@rotation.example.com", second);
      assertThat(afterReseal.status()).as(afterReseal.toString()).isEqualTo(200);
      assertThat(api.get("/api/v1/me", afterReseal.text("access_token")).status()).isEqualTo(200);

      Report again = run(withBAndA, "reseal-keys");
      assertThat(again.status()).isEqualTo(Main.OK);
      assertThat(again.output()).isEqualTo("Nothing to reseal: every stored secret is sealed with key-encryption key "
          + keyB.keyId() + " (0 signing key(s) and 0 TOTP secret(s) resealed, " + stored
          + " already sealed with it, 0 deleted meanwhile)\n");
    }
    assertThat(sealedValues(withA)).hasSize(stored)
        .allSatisfy(sealed -> assertThat(keyIdOf(sealed)).isEqualTo(keyB.keyId()));

    // B alone, the previous key gone: two-factor sign-in, old tokens and old sessions still work
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(withB), mail, false)) {
      ApiClient api = new ApiClient(server.port());
      ApiClient.Response signedIn = SignUps.signIn(api, "third@rotation.example.com", third);
      assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
      assertThat(api.get("/api/v1/me", oldAccess).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", oldRefresh)).status()).isEqualTo(200);
    }

    // a key that sealed nothing here: the command names what it cannot open and exits with its own status
    KeyEncryption keyC = KeyEncryption.generate();
    Report wrongKey = run(with(withA, "KEY_ENCRYPTION_KEY", keyC.encodedKey()), "reseal-keys");
    assertThat(wrongKey.status()).isEqualTo(Main.UNREADABLE);
    assertThat(wrongKey.output()).startsWith("Could not reseal " + stored + " stored secret(s), which open with"
        + " neither KEY_ENCRYPTION_KEY (" + keyC.keyId() + ") nor KEY_ENCRYPTION_KEY_PREVIOUS (not set): signing key ")
        .contains("TOTP secret of user ", "sealed with key-encryption key " + keyB.keyId())
        .doesNotContain(keyB.encodedKey(), keyC.encodedKey())
        .endsWith("(0 signing key(s) and 0 TOTP secret(s) resealed, 0 already sealed with it, 0 deleted meanwhile)\n")
        .hasLineCount(1);
    assertThat(sealedValues(withA)).allSatisfy(sealed -> assertThat(keyIdOf(sealed)).isEqualTo(keyB.keyId()));
  }

  @Test
  void the_previous_key_is_checked_like_the_current_one_and_may_not_repeat_it() throws Exception {
    String key = KeyEncryption.generate().encodedKey();
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of("KEY_ENCRYPTION_KEY", key));

    assertThat(run(with(env, "KEY_ENCRYPTION_KEY_PREVIOUS", "too-short"), "reseal-keys").status())
        .isEqualTo(Main.CONFIG);
    assertThat(run(with(env, "KEY_ENCRYPTION_KEY_PREVIOUS", key), "reseal-keys").status()).isEqualTo(Main.CONFIG);
    assertThat(run(env, "reseal-keys", "--now").status()).isEqualTo(Main.USAGE);
    assertThat(run(env, "reseal-keys").status()).as("an unmigrated database").isEqualTo(Main.UNAVAILABLE);
  }

  private static Report run(Map<String, String> env, String... args) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Main.run(args, env, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Report(status, out.toString(StandardCharsets.UTF_8));
  }

  private static Map<String, String> with(Map<String, String> env, String... pairs) {
    Map<String, String> copy = new HashMap<>(env);
    for (int i = 0; i < pairs.length; i += 2) {
      copy.put(pairs[i], pairs[i + 1]);
    }
    return copy;
  }

  private static int count(Map<String, String> env, String table) throws SQLException {
    try (Connection connection = TestDatabase.connect(env); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** Every sealed value stored: the signing keys' private parts and the TOTP secrets. */
  private static List<String> sealedValues(Map<String, String> env) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = TestDatabase.connect(env); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT sealed_private_key FROM signing_keys "
            + "UNION ALL SELECT secret_sealed FROM totp_credentials")) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** The key id a sealed value names: bytes 1 to 8 after the format version 2. */
  private static String keyIdOf(String sealed) {
    byte[] bytes = Base64.getDecoder().decode(sealed);
    assertThat(bytes[0]).isEqualTo((byte) 2);
    return HexFormat.of().formatHex(bytes, 1, 9);
  }
}
