package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.MailOutboxContract;

class JdbiMailOutboxTest extends MailOutboxContract {

  @Override
  protected IdentityStores createEmpty() {
    return EmbeddedDatabase.emptyStores();
  }
}
