package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.RoleRepositoryContract;

class MemoryRoleRepositoryTest extends RoleRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
