package dev.keyhold.identity.spi;

/**
 * The short-lived shared state of one deployment (Redis, or memory for a single node), handed to the core as a set.
 */
public interface ProtectionStores {

  RateLimiter rateLimiter();

  LockoutStore lockouts();

  EphemeralStore ephemeral();

  /** Whether the store can answer now, within a short timeout. Never throws. */
  boolean isReady();
}
