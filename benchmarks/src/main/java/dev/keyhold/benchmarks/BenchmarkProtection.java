package dev.keyhold.benchmarks;

import dev.keyhold.identity.core.protection.ProtectionSettings;
import dev.keyhold.identity.core.protection.RateLimits;
import java.time.Duration;

/**
 * Protection settings for benchmarks: the store round trips of every rate limit and lockout check still happen, but
 * no limit refuses a benchmark that repeats one login from one address as fast as it can.
 */
final class BenchmarkProtection {

  private BenchmarkProtection() {}

  static ProtectionSettings unrefused() {
    ProtectionSettings settings = ProtectionSettings.defaults();
    for (String name : RateLimits.NAMES) {
      settings = settings.withLimit(name, 1_000_000, Duration.ofSeconds(1));
    }
    return settings;
  }
}
