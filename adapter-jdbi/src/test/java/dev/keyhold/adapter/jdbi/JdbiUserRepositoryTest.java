package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.UserRepository;
import dev.keyhold.identity.testkit.UserRepositoryContract;

class JdbiUserRepositoryTest extends UserRepositoryContract {

  @Override
  protected UserRepository createEmpty() {
    return EmbeddedDatabase.emptyStores().users();
  }
}
