package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.EphemeralStore;
import dev.keyhold.identity.spi.LockoutStore;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RateLimiter;
import java.time.Clock;
import java.util.Objects;

/**
 * Rate limits, lockout counters and short-lived values in memory, for a single node: several nodes cannot share them,
 * and everything is lost on restart. Thread-safe. Expired entries are invisible at once and removed lazily, so memory
 * stays proportional to the live entries.
 */
public final class MemoryProtectionStores implements ProtectionStores {

  private final MemoryRateLimiter rateLimiter = new MemoryRateLimiter();
  private final MemoryLockoutStore lockouts;
  private final MemoryEphemeralStore ephemeral;

  private MemoryProtectionStores(Clock clock) {
    this.lockouts = new MemoryLockoutStore(clock);
    this.ephemeral = new MemoryEphemeralStore(clock);
  }

  /** New, empty stores whose ttls run on the system clock. */
  public static MemoryProtectionStores create() {
    return create(Clock.systemUTC());
  }

  /**
   * New, empty stores whose ttls run on {@code clock}, so that a test clock can expire them. The rate limiter needs
   * no clock: it works on the {@code now} it is given.
   */
  public static MemoryProtectionStores create(Clock clock) {
    return new MemoryProtectionStores(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  @Override
  public LockoutStore lockouts() {
    return lockouts;
  }

  @Override
  public EphemeralStore ephemeral() {
    return ephemeral;
  }

  /** Always true: memory is always there. */
  @Override
  public boolean isReady() {
    return true;
  }
}
