package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.user.PasswordHash;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hashes and checks passwords with a slow, salted, memory-hard function. Implementations must be thread-safe and
 * must take the same time to verify a wrong password as a right one.
 */
public interface PasswordHasher {

  /** Hashes with a fresh random salt and the current parameters. The password is used whole, never truncated. */
  PasswordHash hash(String password);

  /**
   * Whether {@code password} matches {@code hash}. Returns false, never throws, for a hash this hasher cannot read.
   */
  boolean verify(PasswordHash hash, String password);

  /** Whether {@code hash} was made with other parameters (or another algorithm) than {@link #hash} uses now. */
  boolean needsRehash(PasswordHash hash);

  /**
   * A hash that no password is known to match and that takes as long to verify as one {@link #hash} makes now:
   * Keyhold checks a password against it when the account is unknown or has no password, so that such a sign-in
   * costs what any other does. It needs no rehash. Called once, when Keyhold is built.
   *
   * <p>The default hashes a random 256-bit secret, which costs one hash at every start; a hasher that can write its
   * encoding from random bytes without hashing (as the Argon2id one does) should override it.
   */
  default PasswordHash unmatchable() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return hash(Base64.getEncoder().encodeToString(secret));
  }
}
