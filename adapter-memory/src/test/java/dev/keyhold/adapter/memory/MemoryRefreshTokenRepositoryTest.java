package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.RefreshTokenRepositoryContract;

class MemoryRefreshTokenRepositoryTest extends RefreshTokenRepositoryContract {

  @Override
  protected IdentityStores newStores() {
    return MemoryStores.create();
  }
}
