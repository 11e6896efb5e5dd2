package dev.keyhold.identity.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage (private signing keys, TOTP secrets) with AES-256-GCM under the deployment's
 * key-encryption key ({@code KEY_ENCRYPTION_KEY}), so a store never holds a usable secret; and, while that key is
 * being rotated, opens what the previous key ({@code KEY_ENCRYPTION_KEY_PREVIOUS}) sealed.
 *
 * <p>A sealed value is base64 of {@code version 2 (1 byte) || key id (8 bytes) || IV (12 random bytes) || ciphertext
 * || tag (16 bytes)}. The key id ({@link #keyId()}) names the key that sealed it, so opening picks the key instead of
 * trying each; it is derived from the key by HMAC and tells nothing about it. Values of version 1, written before key
 * ids existed ({@code version 1 || IV || ciphertext || tag}), still open: with the current key, else the previous one.
 * The version byte, the key id and the associated data are authenticated, not encrypted; Keyhold passes what the
 * secret belongs to (a signing key's {@code kid}, a TOTP secret's user), so a sealed value copied into another row no
 * longer opens. {@link #seal} always uses the current key.
 *
 * <p>Thread-safe. Neither {@link #toString()} nor any exception message shows a key.
 */
public final class KeyEncryption {

  /** The length of the key-encryption key. */
  public static final int KEY_BYTES = 32;

  /** The length of a key id in a sealed value. */
  static final int KEY_ID_BYTES = 8;

  /** The format before key ids: {@code 1 || IV || ciphertext || tag}; read, never written. */
  private static final byte LEGACY_VERSION = 1;
  /** The format written: {@code 2 || key id || IV || ciphertext || tag}. */
  private static final byte VERSION = 2;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final byte[] KEY_ID_PURPOSE =
      "keyhold/key-encryption-key/id/v1".getBytes(StandardCharsets.US_ASCII);

  /** One AES key and its id. */
  private static final class Key {
    private final SecretKeySpec spec;
    private final byte[] id;

    Key(byte[] keyBytes) {
      this.spec = new SecretKeySpec(keyBytes, "AES");
      this.id = Arrays.copyOf(hmac(keyBytes, KEY_ID_PURPOSE), KEY_ID_BYTES);
    }

    String idHex() {
      return HexFormat.of().formatHex(id);
    }
  }

  private final Key current;
  private final Key previous;
  private final SecureRandom random;

  private KeyEncryption(Key current, Key previous, SecureRandom random) {
    this.current = current;
    this.previous = previous;
    this.random = random;
  }

  private KeyEncryption(byte[] keyBytes, SecureRandom random) {
    this(new Key(keyBytes), null, random);
    Arrays.fill(keyBytes, (byte) 0);
  }

  /**
   * The key-encryption key as configured: {@value #KEY_BYTES} bytes in standard or URL-safe base64, padding optional
   * (generate one with {@code openssl rand -base64 32}).
   *
   * @throws IllegalArgumentException when the text is not such base64 or not {@value #KEY_BYTES} bytes long; the
   *     message never contains the text
   */
  public static KeyEncryption fromBase64(String key) {
    Objects.requireNonNull(key, "key");
    String text = key.strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the key-encryption key is empty");
    }
    byte[] bytes;
    try {
      boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
      bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) { // the decoder's message quotes a character of the key: do not keep it
      throw new IllegalArgumentException("the key-encryption key is not valid base64");
    }
    if (bytes.length != KEY_BYTES) {
      int length = bytes.length;
      Arrays.fill(bytes, (byte) 0);
      throw new IllegalArgumentException("the key-encryption key must be " + KEY_BYTES
          + " bytes (256 bits) in base64, not " + length + " bytes");
    }
    return new KeyEncryption(bytes, new SecureRandom());
  }

  /**
   * A fresh random key: for memory-only deployments and tests, where sealed keys live no longer than this object.
   * A deployment that stores keys must keep the key ({@link #encodedKey()}) or it cannot open them after a restart.
   */
  public static KeyEncryption generate() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return new KeyEncryption(bytes, random);
  }

  /**
   * This key, also opening what {@code previous}'s current key sealed: for a rotation, while stored values are
   * resealed under this key. Sealing still uses this key only.
   *
   * @throws IllegalArgumentException when {@code previous} holds the same key as this one
   */
  public KeyEncryption withPrevious(KeyEncryption previous) {
    Objects.requireNonNull(previous, "previous");
    if (Arrays.equals(previous.current.id, current.id)) {
      throw new IllegalArgumentException("the previous key-encryption key is the same key as the current one");
    }
    return new KeyEncryption(current, previous.current, random);
  }

  /** The current key in standard base64, as {@link #fromBase64} reads it. Secret: never log it. */
  public String encodedKey() {
    return Base64.getEncoder().encodeToString(current.spec.getEncoded());
  }

  /**
   * The current key's id, 16 hexadecimal digits, as sealed values carry it: not secret (derived from the key by HMAC),
   * so logs and operators may show it to tell keys apart.
   */
  public String keyId() {
    return current.idHex();
  }

  /** The previous key's id, when this object also opens what a previous key sealed. */
  public Optional<String> previousKeyId() {
    return Optional.ofNullable(previous).map(Key::idHex);
  }

  /**
   * Encrypts {@code plaintext} under the current key and a fresh random IV, binding it to {@code associatedData}.
   *
   * @return the sealed value in standard base64
   */
  public String seal(String plaintext, String associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] header = ByteBuffer.allocate(1 + KEY_ID_BYTES).put(VERSION).put(current.id).array();
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, current, iv, header, associatedData);
      byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer sealed = ByteBuffer.allocate(header.length + IV_BYTES + ciphertext.length);
      sealed.put(header).put(iv).put(ciphertext);
      return Base64.getEncoder().encodeToString(sealed.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * Decrypts a value made by {@link #seal} with the current or the previous key and the same associated data (the
   * signing key's {@code kid}).
   *
   * @throws IllegalStateException naming {@code associatedData} and the key ids, never a key, when the value cannot
   *     be opened: neither key sealed it, it was sealed for other associated data, or it was altered
   */
  public String open(String sealed, String associatedData) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] bytes = decode(sealed, associatedData);
    if (bytes[0] == LEGACY_VERSION) {
      return openLegacy(bytes, associatedData);
    }
    if (bytes.length < 1 + KEY_ID_BYTES + IV_BYTES + TAG_BITS / 8) {
      throw unreadable(associatedData);
    }
    byte[] id = Arrays.copyOfRange(bytes, 1, 1 + KEY_ID_BYTES);
    Key key = Arrays.equals(id, current.id) ? current
        : previous != null && Arrays.equals(id, previous.id) ? previous
        : null;
    if (key == null) {
      throw new IllegalStateException("signing key " + associatedData + " cannot be opened: KEY_ENCRYPTION_KEY differs"
          + " from the one it was sealed with, or the row was altered (it was sealed with key-encryption key "
          + HexFormat.of().formatHex(id) + "; " + keysHeld() + ")");
    }
    try {
      return decrypt(key, bytes, 1 + KEY_ID_BYTES, associatedData);
    } catch (GeneralSecurityException e) { // AEADBadTagException: other associated data, or altered
      throw new IllegalStateException("signing key " + associatedData + " cannot be opened: the row was altered, or"
          + " the sealed value was copied from another row (sealed with key-encryption key " + key.idHex() + ")");
    }
  }

  /**
   * Whether {@code sealed} needs no resealing: it is in the current format and names the current key. Says nothing
   * about whether it opens (an altered value may name any key); {@link #open} tells.
   */
  public boolean sealedWithCurrentKey(String sealed) {
    Objects.requireNonNull(sealed, "sealed");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return bytes.length >= 1 + KEY_ID_BYTES && bytes[0] == VERSION
        && Arrays.equals(Arrays.copyOfRange(bytes, 1, 1 + KEY_ID_BYTES), current.id);
  }

  private String openLegacy(byte[] bytes, String associatedData) {
    if (bytes.length < 1 + IV_BYTES + TAG_BITS / 8) {
      throw unreadable(associatedData);
    }
    for (Key key : previous == null ? new Key[] {current} : new Key[] {current, previous}) {
      try {
        return decrypt(key, bytes, 1, associatedData);
      } catch (GeneralSecurityException e) { // AEADBadTagException: another key, other associated data, or altered
        // try the next key
      }
    }
    throw new IllegalStateException("signing key " + associatedData + " cannot be opened: KEY_ENCRYPTION_KEY differs"
        + " from the one it was sealed with, or the row was altered (" + keysHeld() + ")");
  }

  /** Decrypts {@code bytes}, whose IV starts at {@code ivOffset} after the authenticated header. */
  private static String decrypt(Key key, byte[] bytes, int ivOffset, String associatedData)
      throws GeneralSecurityException {
    byte[] header = Arrays.copyOfRange(bytes, 0, ivOffset);
    byte[] iv = Arrays.copyOfRange(bytes, ivOffset, ivOffset + IV_BYTES);
    Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, iv, header, associatedData);
    int start = ivOffset + IV_BYTES;
    byte[] plaintext = cipher.doFinal(bytes, start, bytes.length - start);
    return new String(plaintext, StandardCharsets.UTF_8);
  }

  private static byte[] decode(String sealed, String associatedData) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw unreadable(associatedData);
    }
    if (bytes.length == 0) {
      throw unreadable(associatedData);
    }
    if (bytes[0] != VERSION && bytes[0] != LEGACY_VERSION) {
      throw new IllegalStateException("signing key " + associatedData + " cannot be opened: sealed with format version "
          + Byte.toUnsignedInt(bytes[0]) + ", this Keyhold reads versions " + LEGACY_VERSION + " and " + VERSION
          + " (the row was altered or written by a newer Keyhold)");
    }
    return bytes;
  }

  private String keysHeld() {
    return "KEY_ENCRYPTION_KEY is key " + current.idHex() + ", KEY_ENCRYPTION_KEY_PREVIOUS "
        + (previous == null ? "is not set" : "is key " + previous.idHex());
  }

  /** The cipher; the authenticated data is the header (the version byte, and the key id from version 2 on). */
  private static Cipher cipher(int mode, Key key, byte[] iv, byte[] header, String associatedData)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key.spec, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(header);
    cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static byte[] hmac(byte[] key, byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  private static IllegalStateException unreadable(String associatedData) {
    return new IllegalStateException("signing key " + associatedData
        + " cannot be opened: the sealed value is not base64 of a version byte, a key id, an IV, ciphertext and tag"
        + " (the row was altered)");
  }

  @Override
  public String toString() {
    return "KeyEncryption[AES-256-GCM]";
  }
}
