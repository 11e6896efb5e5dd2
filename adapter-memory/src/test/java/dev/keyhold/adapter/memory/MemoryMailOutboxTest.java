package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.MailOutboxContract;

class MemoryMailOutboxTest extends MailOutboxContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
