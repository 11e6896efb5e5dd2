package dev.keyhold.identity.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import org.junit.jupiter.api.Test;

class KeyholdBuilderTest {

  @Test
  void keyhold_has_no_default_issuer_and_names_the_call_that_sets_it() {
    Keyhold.Builder builder = Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create());

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("settings(KeyholdSettings.defaults(publicUrl))")
        .hasMessageContaining("issuer");
  }
}
