package dev.keyhold.app.hooks;

import dev.keyhold.identity.spi.KeyholdPlugin;

/** A {@code PLUGIN_MODULES} plugin bringing {@link RecordingHooks}'s listener. */
public final class PluginOfHooks implements KeyholdPlugin {

  @Override
  public void register(Registry registry) {
    registry.listener(new RecordingHooks());
  }
}
