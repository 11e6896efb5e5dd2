package dev.keyhold.identity.core.internal.event;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.spi.IdentityEventListener;
import java.util.List;

/**
 * Tells every listener about an event, after the change it describes is stored. Each listener is called once on the
 * caller's thread; one that throws is handed to {@link ListenerRetries}, which calls it again later with the same
 * event (same {@link IdentityEvent#id()}). A failing listener never undoes the change, never fails the request and
 * never keeps the other listeners from hearing about it. Delivery is therefore at least once per listener (a
 * listener that failed after doing its work hears the event again) while the process lives.
 */
public final class EventPublisher {

  private final List<IdentityEventListener> listeners;
  private final ListenerRetries retries;

  /** Publishes to {@code listeners}, retrying failures on the default schedule ({@link ListenerRetries#create()}). */
  public EventPublisher(List<IdentityEventListener> listeners) {
    this(listeners, listeners.isEmpty() ? ListenerRetries.none() : ListenerRetries.create());
  }

  /** Publishes to {@code listeners}, handing failures to {@code retries}. */
  public EventPublisher(List<IdentityEventListener> listeners, ListenerRetries retries) {
    this.listeners = List.copyOf(listeners);
    this.retries = retries;
  }

  public void publish(IdentityEvent event) {
    for (IdentityEventListener listener : listeners) {
      try {
        listener.on(event);
      } catch (RuntimeException e) {
        retries.failed(listener, event, e);
      }
    }
  }
}
