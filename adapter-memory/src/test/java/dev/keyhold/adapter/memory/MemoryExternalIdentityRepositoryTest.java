package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.ExternalIdentityRepositoryContract;

class MemoryExternalIdentityRepositoryTest extends ExternalIdentityRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
