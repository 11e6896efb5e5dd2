package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.TotpCredentialRepositoryContract;

class MemoryTotpCredentialRepositoryTest extends TotpCredentialRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
