package com.example.plugin;

import dev.keyhold.identity.spi.KeyholdPlugin;

/**
 * The plugin Keyhold finds in this jar (listed in {@code META-INF/services/dev.keyhold.identity.spi.KeyholdPlugin}):
 * it registers a password rule, a token claims customizer and an event listener.
 */
public final class ExamplePlugin implements KeyholdPlugin {

  /** Service loaders need a public no-argument constructor. */
  public ExamplePlugin() {}

  @Override
  public String name() {
    return "example-plugin";
  }

  @Override
  public void register(Registry registry) {
    registry.passwordRule(new NoProductNameRule())
        .tokenClaims(new PlanClaims())
        .listener(new EventFileListener(EventFileListener.configuredFile()));
  }
}
