package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.EmailChangeRepositoryContract;

class JdbiEmailChangeRepositoryTest extends EmailChangeRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return EmbeddedDatabase.emptyStores();
  }
}
