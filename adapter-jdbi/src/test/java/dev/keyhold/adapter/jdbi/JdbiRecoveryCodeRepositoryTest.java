package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.RecoveryCodeRepositoryContract;

class JdbiRecoveryCodeRepositoryTest extends RecoveryCodeRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return EmbeddedDatabase.emptyStores();
  }
}
