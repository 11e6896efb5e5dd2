package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.testkit.UserRepositoryContract;

class MemoryUserRepositoryTest extends UserRepositoryContract {

  @Override
  protected UserRepository createEmpty() {
    return MemoryStores.create().users();
  }
}
