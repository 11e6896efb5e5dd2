package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.testkit.EphemeralStoreContract;

class MemoryEphemeralStoreTest extends EphemeralStoreContract {

  @Override
  protected ProtectionStores createEmpty() {
    return MemoryProtectionStores.create();
  }
}
