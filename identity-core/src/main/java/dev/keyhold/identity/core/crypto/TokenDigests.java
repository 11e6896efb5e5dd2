package dev.keyhold.identity.core.crypto;

import dev.keyhold.identity.model.token.TokenHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Hashing and comparison of secret tokens, for storing them by hash and comparing them without timing leaks. */
public final class TokenDigests {

  private static final HexFormat HEX = HexFormat.of(); // lower case

  private TokenDigests() {
  }

  /** The SHA-256 of the token's UTF-8 bytes, as lower-case hex: what stores keep instead of the token. */
  public static TokenHash sha256(String token) {
    Objects.requireNonNull(token, "token");
    return new TokenHash(HEX.formatHex(sha256().digest(token.getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * Whether two strings are equal, in a time that depends on their lengths but not on where they differ. False when
   * either is null.
   */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }
}
