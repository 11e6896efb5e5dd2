package dev.keyhold.app;

import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import java.util.List;

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
  public AuditRecord append(AuditEvent event) {
    AuditRecord record = delegate.append(event);
    meters.record(event);
    return record;
  }

  /** Submits, then counts: an event the log failed to store is not counted either. */
  @Override
  public void submit(AuditEvent event) {
    delegate.submit(event);
    meters.record(event);
  }

  @Override
  public List<AuditRecord> search(AuditFilter filter, long beforeSeq, int limit) {
    return delegate.search(filter, beforeSeq, limit);
  }

  @Override
  public List<AuditRecord> readChain(long afterSeq, int limit) {
    return delegate.readChain(afterSeq, limit);
  }
}
