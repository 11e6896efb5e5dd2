package dev.keyhold.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.IdentityStores;
import dev.keyhold.identity.testkit.TransactionsContract;
import org.junit.jupiter.api.Test;

class MemoryTransactionsTest extends TransactionsContract {

  @Override
  protected IdentityStores createEmpty() {
    return MemoryStores.create();
  }

  @Test
  void memory_stores_say_their_units_are_not_atomic() {
    assertThat(stores.transactions().atomic()).isFalse();
  }
}
