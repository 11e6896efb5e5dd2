package com.example.identity;

import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.testkit.UserRepositoryContract;

class MapUserRepositoryTest extends UserRepositoryContract {

  @Override
  protected UserRepository createEmpty() {
    return new MapUserRepository();
  }
}
