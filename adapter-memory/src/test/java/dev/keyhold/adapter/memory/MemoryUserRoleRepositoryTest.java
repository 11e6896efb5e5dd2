package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.UserRoleRepositoryContract;

class MemoryUserRoleRepositoryTest extends UserRoleRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
