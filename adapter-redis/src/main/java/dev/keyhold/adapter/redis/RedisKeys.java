package dev.keyhold.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Redis key of each kind of state: {@code keyhold:<kind>:...}. The caller's key (an email address, an IP
 * address, an OAuth state) never appears as such: it is replaced by its SHA-256 digest in unpadded base64url (43
 * characters), so keys have a bounded length and a key listing shows no personal data. The digest has no
 * {@code :}, so a limit name followed by a digest can never be confused with another name and digest.
 */
final class RedisKeys {

  private static final String PREFIX = "keyhold:";

  private RedisKeys() {}

  /** {@code keyhold:rl:<limit-name>:<digest>}: one rate limit's slot for one key. */
  static String rateLimit(String limitName, String key) {
    return PREFIX + "rl:" + limitName + ":" + digest(key);
  }

  /** {@code keyhold:lock:<digest>}: one key's lockout counters. */
  static String lockout(String key) {
    return PREFIX + "lock:" + digest(key);
  }

  /** {@code keyhold:eph:<digest>}: one short-lived value. */
  static String ephemeral(String key) {
    return PREFIX + "eph:" + digest(key);
  }

  private static String digest(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
