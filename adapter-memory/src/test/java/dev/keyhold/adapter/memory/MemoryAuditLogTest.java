package dev.keyhold.adapter.memory;

import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.AuditLogContract;
import java.util.List;
import java.util.Optional;

class MemoryAuditLogTest extends AuditLogContract {

  @Override
  protected AuditLog newAuditLog() {
    return MemoryStores.create().auditLog();
  }

  @Override
  protected Optional<List<AuditEvent>> readBack(AuditLog log) {
    return Optional.of(((MemoryAuditLog) log).events());
  }
}
