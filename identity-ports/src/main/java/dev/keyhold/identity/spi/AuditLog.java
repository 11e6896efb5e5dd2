package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.audit.AuditEvent;

/**
 * The append-only record of security-relevant events. Appending may throw
 * {@link dev.keyhold.identity.error.StoreUnavailableException}; callers treat a failure to audit as a failure of the
 * action where the store supports it.
 */
public interface AuditLog {

  /** Appends one event. Events are never changed or removed afterwards. */
  void append(AuditEvent event);
}
