package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.RateLimiterContract;

class MemoryRateLimiterTest extends RateLimiterContract {

  @Override
  protected ProtectionStores createEmpty() {
    return MemoryProtectionStores.create();
  }
}
