package dev.keyhold.identity.testkit;

import dev.keyhold.identity.model.key.StoredSigningKey;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stored signing keys for tests. Stores treat the key material as opaque text, so these keys hold random text of
 * realistic shape and size (an RSA-2048 public JWK of about 450 characters, a sealed private JWK of about 2,300),
 * enough to catch a column that is too short or a store that rewrites JSON. Every call returns a fresh kid.
 */
public final class TestSigningKeys {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Encoder STANDARD = Base64.getEncoder();

  private TestSigningKeys() {}

  /** A current key created at {@code createdAt} that signs from then on. */
  public static StoredSigningKey current(Instant createdAt) {
    return current(createdAt, createdAt);
  }

  /** A current key created at {@code createdAt} that signs from {@code activatesAt}: a rotation's next key. */
  public static StoredSigningKey current(Instant createdAt, Instant activatesAt) {
    return withKid(randomKid(), createdAt, activatesAt);
  }

  /** A current key with the given kid; the algorithm is {@code RS256}. */
  public static StoredSigningKey withKid(String kid, Instant createdAt, Instant activatesAt) {
    String publicJwk = "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"use\":\"sig\",\"kid\":\"" + kid
        + "\",\"alg\":\"RS256\",\"n\":\"" + URL.encodeToString(randomBytes(256)) + "\"}";
    return new StoredSigningKey(kid, "RS256", publicJwk, randomSealedKey(), createdAt, activatesAt, null, null);
  }

  /** A kid shaped like an RFC 7638 thumbprint (43 base64url characters), unique in practice. */
  public static String randomKid() {
    return URL.encodeToString(randomBytes(32));
  }

  /** Base64 text shaped like a sealed RSA private JWK: a version byte, an IV, ciphertext and tag. */
  public static String randomSealedKey() {
    return STANDARD.encodeToString(randomBytes(1 + 12 + 1_700 + 16));
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
