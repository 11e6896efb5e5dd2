package dev.keyhold.app.hooks;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.spi.IdentityEventListener;

/** A listener whose constructor fails, as one missing its own configuration would. */
public final class FailingConstructorHook implements IdentityEventListener {

  public FailingConstructorHook() {
    throw new IllegalStateException("ACME_API_KEY is not set");
  }

  @Override
  public void on(IdentityEvent event) {}
}
