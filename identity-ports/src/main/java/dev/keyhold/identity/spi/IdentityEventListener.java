package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.event.IdentityEvent;

/**
 * A hook told about every {@link IdentityEvent} after the change it describes is stored. Called synchronously on
 * the request's thread; an exception from a listener is logged and does not undo the change.
 */
public interface IdentityEventListener {

  void on(IdentityEvent event);
}
