package dev.keyhold.identity.core.internal.event;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.spi.IdentityEventListener;
import java.lang.System.Logger.Level;
import java.util.List;

/** Tells every listener about an event; a failing listener is logged and skipped, never undoes the change. */
public final class EventPublisher {

  private static final System.Logger LOG = System.getLogger(EventPublisher.class.getName());

  private final List<IdentityEventListener> listeners;

  public EventPublisher(List<IdentityEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public void publish(IdentityEvent event) {
    for (IdentityEventListener listener : listeners) {
      try {
        listener.on(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Event listener " + listener.getClass().getName() + " failed on "
            + event.getClass().getSimpleName(), e);
      }
    }
  }
}
