package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.OneTimeTokenRepositoryContract;

class MemoryOneTimeTokenRepositoryTest extends OneTimeTokenRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
