package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.SigningKeyRepository;
import dev.keyhold.identity.testkit.SigningKeyRepositoryContract;

class JdbiSigningKeyRepositoryTest extends SigningKeyRepositoryContract {

  @Override
  protected SigningKeyRepository createEmpty() {
    return EmbeddedDatabase.emptyStores().signingKeys();
  }
}
