package dev.keyhold.adapter.memory;

import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.AuditLogContract;

class MemoryAuditLogTest extends AuditLogContract {

  @Override
  protected AuditLog createEmpty() {
    return MemoryStores.create().auditLog();
  }
}
