package dev.keyhold.identity.core.crypto;

import dev.keyhold.identity.model.user.Email;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of email addresses, for audit events about an address that has no account: HMAC-SHA-256 of the
 * normalized address, cut to 128 bits and written in unpadded base64url (22 characters). The key is derived from the
 * deployment's key-encryption key ({@code HMAC-SHA-256(KEK, "keyhold/audit/email-pseudonym/v1")}), so every node
 * gives one address the same pseudonym, a brute force against one address shows as one value, and without the key
 * nobody holding the audit log can test a guessed address against it. A new key-encryption key gives new pseudonyms.
 * Thread-safe; {@link #toString()} never shows the key.
 */
public final class EmailPseudonyms {

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] PURPOSE = "keyhold/audit/email-pseudonym/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int PSEUDONYM_BYTES = 16;

  private final SecretKeySpec key;

  private EmailPseudonyms(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    Arrays.fill(key, (byte) 0);
  }

  /** Pseudonyms under a key derived from {@code keyEncryption}, which nothing else derives for this purpose. */
  public static EmailPseudonyms derivedFrom(KeyEncryption keyEncryption) {
    Objects.requireNonNull(keyEncryption, "keyEncryption");
    byte[] kek = Base64.getDecoder().decode(keyEncryption.encodedKey());
    try {
      return new EmailPseudonyms(mac(new SecretKeySpec(kek, ALGORITHM), PURPOSE));
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  /** The pseudonym of {@code email}'s normalized form: the same for every spelling that is one address. */
  public String of(Email email) {
    byte[] digest = mac(key, email.normalized().getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, PSEUDONYM_BYTES));
  }

  private static byte[] mac(SecretKeySpec key, byte[] input) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "EmailPseudonyms[HMAC-SHA-256]";
  }
}
