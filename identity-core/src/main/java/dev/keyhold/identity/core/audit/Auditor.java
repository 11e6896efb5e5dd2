package dev.keyhold.identity.core.audit;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import java.time.Clock;
import java.util.Map;

/** Writes audit events stamped with the core's clock. Callers pass only non-secret details. */
public final class Auditor {

  private final AuditLog log;
  private final Clock clock;

  public Auditor(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  public void success(String action, Object actor, Object target, ClientInfo client, Map<String, String> details) {
    append(action, "success", actor, target, client, details);
  }

  public void failure(String action, Object actor, Object target, ClientInfo client, Map<String, String> details) {
    append(action, "failure", actor, target, client, details);
  }

  private void append(
      String action, String outcome, Object actor, Object target, ClientInfo client, Map<String, String> details) {
    log.append(new AuditEvent(action, outcome, text(actor), text(target), null, client, clock.instant(), details));
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
