package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.testkit.SigningKeyRepositoryContract;

class JdbiSigningKeyRepositoryTest extends SigningKeyRepositoryContract {

  @Override
  protected SigningKeyRepository newRepository() {
    return EmbeddedDatabase.emptyStores().signingKeys();
  }
}
