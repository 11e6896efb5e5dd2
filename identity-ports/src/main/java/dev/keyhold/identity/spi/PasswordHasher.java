package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.user.PasswordHash;

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
}
