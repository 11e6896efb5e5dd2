package dev.keyhold.app;

import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;

/**
 * An {@link AuditLog} that also hands each event it recorded to {@link SecurityEventMeters}. A thin delegate: every
 * method of the port goes to the wrapped log unchanged; {@code CountingAuditLogTest} fails when the port gains a
 * method this class does not forward.
 */
final class CountingAuditLog implements AuditLog {

  private final AuditLog delegate;
  private final SecurityEventMeters meters;

  CountingAuditLog(AuditLog delegate, SecurityEventMeters meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  /** Appends, then counts: an event the log failed to record is not counted either. */
  @Override
  public void append(AuditEvent event) {
    delegate.append(event);
    meters.record(event);
  }
}
