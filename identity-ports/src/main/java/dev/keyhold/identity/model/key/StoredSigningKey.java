package dev.keyhold.identity.model.key;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as stored, shared by every node. Its life is a timeline, so every node with the same clock agrees on
 * which key signs and which are published without coordinating:
 *
 * <pre>
 *   createdAt ........ activatesAt ........ retiresAt ........ expiresAt
 *   published (JWKS)   signs new tokens     published only     gone
 * </pre>
 *
 * <p>Invariant: {@code createdAt <= activatesAt}; when set, {@code activatesAt <= retiresAt <= expiresAt}. Exactly
 * one stored key is <em>current</em> (has no {@code retiresAt}): the newest.
 *
 * @param kid the key id, as in the JWT header
 * @param algorithm the JWS algorithm name ({@code RS256}, {@code ES256}, {@code EdDSA})
 * @param publicJwk the public key as a JWK JSON object
 * @param sealedPrivateKey the private JWK, encrypted (AES-GCM) under the deployment's key-encryption key, base64;
 *     stores never see the key itself
 * @param createdAt when it was created and first published
 * @param activatesAt from when it signs
 * @param retiresAt from when it no longer signs, or {@code null} while it is the current key
 * @param expiresAt from when it is no longer published, or {@code null} while it is the current key
 */
public record StoredSigningKey(
    String kid,
    String algorithm,
    String publicJwk,
    String sealedPrivateKey,
    Instant createdAt,
    Instant activatesAt,
    Instant retiresAt,
    Instant expiresAt) {

  public StoredSigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(publicJwk, "publicJwk");
    Objects.requireNonNull(sealedPrivateKey, "sealedPrivateKey");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(activatesAt, "activatesAt");
    if (activatesAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("a key cannot activate before it is created");
    }
    if ((retiresAt == null) != (expiresAt == null)) {
      throw new IllegalArgumentException("retiresAt and expiresAt are set together");
    }
    if (retiresAt != null && (retiresAt.isBefore(activatesAt) || expiresAt.isBefore(retiresAt))) {
      throw new IllegalArgumentException("a key retires after it activates and expires after it retires");
    }
  }

  /** Still in the JWKS at {@code now}. */
  public boolean publishedAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }

  /** May sign at {@code now}. */
  public boolean signsAt(Instant now) {
    return !now.isBefore(activatesAt) && (retiresAt == null || now.isBefore(retiresAt));
  }

  /** Has no retirement scheduled yet: the newest key. */
  public boolean current() {
    return retiresAt == null;
  }

  /** This key with its retirement scheduled. */
  public StoredSigningKey retiring(Instant retiresAt, Instant expiresAt) {
    return new StoredSigningKey(kid, algorithm, publicJwk, sealedPrivateKey, createdAt, activatesAt, retiresAt,
        expiresAt);
  }

  @Override
  public String toString() {
    return "StoredSigningKey[kid=" + kid + ", algorithm=" + algorithm + ", createdAt=" + createdAt + ", activatesAt="
        + activatesAt + ", retiresAt=" + retiresAt + ", expiresAt=" + expiresAt + "]";
  }
}
