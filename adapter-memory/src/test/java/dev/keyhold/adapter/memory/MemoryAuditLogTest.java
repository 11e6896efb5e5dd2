package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.AuditLogContract;

class MemoryAuditLogTest extends AuditLogContract {

  @Override
  protected AuditLog newAuditLog() {
    return MemoryStores.create().auditLog();
  }
}
