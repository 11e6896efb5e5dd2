package dev.keyhold.adapter.jdbi;

import dev.keyhold.identity.model.audit.AuditChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 5: chains the audit log. Adds {@code prev_hash} and {@code hash}, computes them for the rows that
 * earlier versions wrote (in id order, with {@link AuditChain}, as {@link JdbiAuditLog} does for new rows), then makes
 * them required and adds the indexes the audit search filters by.
 *
 * <p>Filling in the hashes is an update, which the append-only trigger refuses, so the trigger is disabled for this
 * migration's own transaction only: {@code ALTER TABLE ... DISABLE TRIGGER} is transactional and holds the table's
 * exclusive lock until commit, so no other session ever sees the table without its trigger, and a failure rolls the
 * whole version back with the trigger in place. Written in Java because the hash is SHA-256 over a canonical form that
 * only {@link AuditChain} defines; SQL cannot compute it the same way without a second implementation.
 */
final class AuditChainMigration implements JavaMigration {

  private static final int BATCH = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(AuditChainMigration.class);

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("5");
  }

  @Override
  public String getDescription() {
    return "audit hash chain";
  }

  /** None, like every Java migration: the class cannot checksum itself. Never edit it once shipped; add a version. */
  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE audit_events ADD COLUMN prev_hash text, ADD COLUMN hash text");
      statement.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
    }
    long chained = chainExistingRows(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only");
      statement.execute("ALTER TABLE audit_events"
          + " ALTER COLUMN prev_hash SET NOT NULL,"
          + " ALTER COLUMN hash SET NOT NULL,"
          + " ADD CONSTRAINT audit_events_prev_hash_check CHECK (prev_hash ~ '^[0-9a-f]{64}$'),"
          + " ADD CONSTRAINT audit_events_hash_check CHECK (hash ~ '^[0-9a-f]{64}$'),"
          // Two records linked to one predecessor would be a fork: appends are serialized, so this never fires
          // unless something inserts without the chain lock.
          + " ADD CONSTRAINT audit_events_prev_hash_key UNIQUE (prev_hash),"
          + " ADD CONSTRAINT audit_events_details_check CHECK (jsonb_typeof(details) = 'object')");
      // The search filters by one of these and reads newest first (by id); the time range uses the existing
      // occurred_at index.
      statement.execute("CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, id)");
      statement.execute("CREATE INDEX audit_events_target_idx ON audit_events (target_id, id)");
      statement.execute("CREATE INDEX audit_events_org_idx ON audit_events (org_id, id)");
      statement.execute("CREATE INDEX audit_events_action_idx ON audit_events (action, id)");
      statement.execute("COMMENT ON COLUMN audit_events.hash IS 'SHA-256 (hex) of the previous hash and this "
          + "row''s canonical form; see docs/security.md'");
      statement.execute("COMMENT ON COLUMN audit_events.prev_hash IS 'the hash of the row before (by id), 64 zeros "
          + "for the first row'");
    }
    if (chained > 0) {
      LOG.info("Chained {} existing audit events", chained);
    }
  }

  /** Links every row, oldest first, after the one before it; how many rows it linked. */
  private static long chainExistingRows(Connection connection) throws SQLException {
    String previous = AuditChain.GENESIS;
    long after = 0;
    long chained = 0;
    try (PreparedStatement select = connection.prepareStatement(
            JdbiAuditLog.SELECT_RECORDS + "WHERE e.id > ? ORDER BY e.id LIMIT " + BATCH);
        PreparedStatement update =
            connection.prepareStatement("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?")) {
      while (true) {
        select.setLong(1, after);
        int rows = 0;
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            long seq = row.getLong("id");
            String hash = AuditChain.hash(previous, seq, JdbiAuditLog.event(row));
            update.setString(1, previous);
            update.setString(2, hash);
            update.setLong(3, seq);
            update.addBatch();
            previous = hash;
            after = seq;
            rows++;
          }
        }
        if (rows > 0) {
          update.executeBatch();
          chained += rows;
        }
        if (rows < BATCH) {
          return chained;
        }
      }
    }
  }
}
