package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.RoleRepositoryContract;

class JdbiRoleRepositoryTest extends RoleRepositoryContract {

  @Override
  protected IdentityStores createEmpty() {
    return EmbeddedDatabase.emptyStores();
  }
}
