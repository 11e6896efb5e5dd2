package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.AuditLogContract;

class JdbiAuditLogTest extends AuditLogContract {

  @Override
  protected AuditLog createEmpty() {
    return EmbeddedDatabase.emptyStores().auditLog();
  }
}
