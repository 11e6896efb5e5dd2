package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.RecoveryCodeRepositoryContract;

class MemoryRecoveryCodeRepositoryTest extends RecoveryCodeRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
