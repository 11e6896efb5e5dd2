package dev.keyhold.adapter.redis;

import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.RateLimiterContract;

class RedisRateLimiterTest extends RateLimiterContract {

  @Override
  protected ProtectionStores createEmpty() {
    return EmbeddedRedis.shared().emptyStores();
  }
}
