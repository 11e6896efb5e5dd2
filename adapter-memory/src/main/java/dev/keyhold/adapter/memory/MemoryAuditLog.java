package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Audit events in append order, in a list guarded by one lock. Nothing is ever removed. */
final class MemoryAuditLog implements AuditLog {

  private final Object lock = new Object();
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public void append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    synchronized (lock) {
      events.add(event);
    }
  }

  /** A snapshot of every event appended so far, oldest first. */
  List<AuditEvent> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }
}
