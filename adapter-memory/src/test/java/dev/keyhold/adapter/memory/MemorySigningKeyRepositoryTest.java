package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.testkit.SigningKeyRepositoryContract;

class MemorySigningKeyRepositoryTest extends SigningKeyRepositoryContract {

  @Override
  protected SigningKeyRepository newRepository() {
    return MemoryStores.create().signingKeys();
  }
}
