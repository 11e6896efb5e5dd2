package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.LinkRequestQueueContract;

class MemoryLinkRequestQueueTest extends LinkRequestQueueContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }
}
