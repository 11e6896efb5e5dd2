package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.EmailChangeRepositoryContract;

class MemoryEmailChangeRepositoryTest extends EmailChangeRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
