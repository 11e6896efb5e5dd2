package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.TotpCredentialRepositoryContract;

class JdbiTotpCredentialRepositoryTest extends TotpCredentialRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return EmbeddedDatabase.emptyStores();
  }
}
