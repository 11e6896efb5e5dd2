package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.testkit.SigningKeyRepositoryContract;

class MemorySigningKeyRepositoryTest extends SigningKeyRepositoryContract {

  @Override
  protected SigningKeyRepository createEmpty() {
    return MemoryStores.create().signingKeys();
  }
}
