package dev.keyhold.identity.spi;

import java.util.UUID;

/**
 * Randomness for the core, so tests can control it. Implementations must draw from a cryptographically strong
 * source and be thread-safe.
 */
public interface SecretGenerator {

  /** A new secret of 256 random bits, URL-safe base64 without padding (43 characters). */
  String newSecret();

  /** A new random identifier. */
  UUID newId();
}
