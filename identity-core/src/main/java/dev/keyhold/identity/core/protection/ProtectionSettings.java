package dev.keyhold.identity.core.protection;

import java.time.Duration;
import java.util.Objects;

/**
 * Lockout, rate limits, and what to do when the protection stores cannot answer.
 *
 * @param lockout how failed logins lock an account key
 * @param rateLimits the request limits per address, account and user
 * @param failOpen when the protection stores are unavailable: {@code true} lets requests through unprotected (and
 *     logs a warning at most once a minute), {@code false} refuses them with {@code store_unavailable} (HTTP 503).
 *     Default {@code false}: an outage must not open the door to unlimited password guessing.
 */
public record ProtectionSettings(LockoutSettings lockout, RateLimits rateLimits, boolean failOpen) {

  public ProtectionSettings {
    Objects.requireNonNull(lockout, "lockout");
    Objects.requireNonNull(rateLimits, "rateLimits");
  }

  /** {@link LockoutSettings#defaults()}, {@link RateLimits#defaults()}, failing closed. */
  public static ProtectionSettings defaults() {
    return new ProtectionSettings(LockoutSettings.defaults(), RateLimits.defaults(), false);
  }

  public ProtectionSettings withLockout(LockoutSettings value) {
    return new ProtectionSettings(value, rateLimits, failOpen);
  }

  public ProtectionSettings withRateLimits(RateLimits value) {
    return new ProtectionSettings(lockout, value, failOpen);
  }

  /** These settings with the limit {@code name} (one of {@link RateLimits#NAMES}) set to permits per period. */
  public ProtectionSettings withLimit(String name, int permits, Duration period) {
    return new ProtectionSettings(lockout, rateLimits.with(name, permits, period), failOpen);
  }

  public ProtectionSettings withFailOpen(boolean value) {
    return new ProtectionSettings(lockout, rateLimits, value);
  }
}
