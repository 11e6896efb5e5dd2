package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.LockoutStoreContract;

class MemoryLockoutStoreTest extends LockoutStoreContract {

  @Override
  protected ProtectionStores createEmpty() {
    return MemoryProtectionStores.create();
  }
}
