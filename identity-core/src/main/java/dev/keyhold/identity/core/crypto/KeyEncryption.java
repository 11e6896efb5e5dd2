package dev.keyhold.identity.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals private signing keys for storage with AES-256-GCM under the deployment's key-encryption key
 * ({@code KEY_ENCRYPTION_KEY}), so a store never holds a usable private key.
 *
 * <p>A sealed value is base64 of {@code version (1 byte) || IV (12 random bytes) || ciphertext || tag (16 bytes)}.
 * The version byte and the associated data are authenticated, not encrypted; Keyhold passes the key's {@code kid}, so
 * a sealed key copied into another row no longer opens. Thread-safe. Neither {@link #toString()} nor any exception
 * message shows the key.
 */
public final class KeyEncryption {

  /** The length of the key-encryption key. */
  public static final int KEY_BYTES = 32;

  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final SecretKeySpec key;
  private final SecureRandom random;

  private KeyEncryption(byte[] keyBytes, SecureRandom random) {
    this.key = new SecretKeySpec(keyBytes, "AES");
    this.random = random;
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
      throw new IllegalArgumentException("the key-encryption key (KEY_ENCRYPTION_KEY) is empty");
    }
    byte[] bytes;
    try {
      boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
      bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) { // the decoder's message quotes a character of the key: do not keep it
      throw new IllegalArgumentException("the key-encryption key (KEY_ENCRYPTION_KEY) is not valid base64");
    }
    if (bytes.length != KEY_BYTES) {
      int length = bytes.length;
      Arrays.fill(bytes, (byte) 0);
      throw new IllegalArgumentException("the key-encryption key (KEY_ENCRYPTION_KEY) must be " + KEY_BYTES
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

  /** The key in standard base64, as {@link #fromBase64} reads it. Secret: never log it. */
  public String encodedKey() {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /**
   * Encrypts {@code plaintext} under a fresh random IV, binding it to {@code associatedData}.
   *
   * @return the sealed value in standard base64
   */
  public String seal(String plaintext, String associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, associatedData);
      byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer sealed = ByteBuffer.allocate(1 + IV_BYTES + ciphertext.length);
      sealed.put(VERSION).put(iv).put(ciphertext);
      return Base64.getEncoder().encodeToString(sealed.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * Decrypts a value made by {@link #seal} with the same key and associated data (the signing key's {@code kid}).
   *
   * @throws IllegalStateException naming {@code associatedData} when the value cannot be opened: another
   *     key-encryption key sealed it, it was sealed for other associated data, or it was altered
   */
  public String open(String sealed, String associatedData) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw unreadable(associatedData);
    }
    if (bytes.length < 1 + IV_BYTES + TAG_BITS / 8) {
      throw unreadable(associatedData);
    }
    if (bytes[0] != VERSION) {
      throw new IllegalStateException("signing key " + associatedData + " cannot be opened: sealed with format version "
          + Byte.toUnsignedInt(bytes[0]) + ", this Keyhold reads version " + VERSION
          + " (the row was altered or written by a newer Keyhold)");
    }
    byte[] iv = Arrays.copyOfRange(bytes, 1, 1 + IV_BYTES);
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, iv, associatedData);
      byte[] plaintext = cipher.doFinal(bytes, 1 + IV_BYTES, bytes.length - 1 - IV_BYTES);
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) { // AEADBadTagException: another key, other associated data, or altered
      throw new IllegalStateException("signing key " + associatedData + " cannot be opened: KEY_ENCRYPTION_KEY differs"
          + " from the one it was sealed with, or the row was altered");
    }
  }

  private Cipher cipher(int mode, byte[] iv, String associatedData) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(new byte[] {VERSION});
    cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static IllegalStateException unreadable(String associatedData) {
    return new IllegalStateException("signing key " + associatedData
        + " cannot be opened: the sealed value is not base64 of a version byte, an IV, ciphertext and tag"
        + " (the row was altered)");
  }

  @Override
  public String toString() {
    return "KeyEncryption[AES-256-GCM]";
  }
}
