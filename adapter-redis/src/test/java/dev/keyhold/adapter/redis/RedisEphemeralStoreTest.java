package dev.keyhold.adapter.redis;

import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.EphemeralStoreContract;

class RedisEphemeralStoreTest extends EphemeralStoreContract {

  @Override
  protected ProtectionStores createEmpty() {
    return EmbeddedRedis.shared().emptyStores();
  }
}
