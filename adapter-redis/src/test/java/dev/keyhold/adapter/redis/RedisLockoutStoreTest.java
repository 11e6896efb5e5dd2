package dev.keyhold.adapter.redis;

import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.LockoutStoreContract;

class RedisLockoutStoreTest extends LockoutStoreContract {

  @Override
  protected ProtectionStores createEmpty() {
    return EmbeddedRedis.shared().emptyStores();
  }
}
