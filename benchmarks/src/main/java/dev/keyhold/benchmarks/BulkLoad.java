package dev.keyhold.benchmarks;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Grows a Keyhold database by {@code count} verified users for the scale runs of benchmarks/side-by-side: each with a
 * session, its live refresh token and a {@code user.registered} audit event linked into the chain exactly as the
 * server links them ({@link AuditChain}), so that {@code verify-audit} passes afterwards. Rows go in with
 * {@code COPY}, in batches of {@value #BATCH} per transaction. Every user gets the password hash of the database's
 * first user, so any of them can sign in with that user's password. Run it while no server is running.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.keyhold.benchmarks.BulkLoad JDBC_URL COUNT}
 */
public final class BulkLoad {

  private static final int BATCH = 100_000;
  private static final long CHAIN_LOCK = 0x6B682D6175646974L;

  private BulkLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: BulkLoad JDBC_URL COUNT");
      System.exit(64);
    }
    long count = Long.parseLong(args[1]);
    long started = System.nanoTime();
    try (Connection connection = DriverManager.getConnection(args[0])) {
      connection.setAutoCommit(false);
      String passwordHash = one(connection, "SELECT password_hash FROM users WHERE password_hash IS NOT NULL "
          + "ORDER BY created_at LIMIT 1");
      if (passwordHash == null) {
        throw new IllegalStateException("no user with a password to copy the hash of");
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
      }
      String newest = one(connection, "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1");
      String previous = newest == null ? AuditChain.GENESIS : newest;
      long seq = Long.parseLong(one(connection, "SELECT greatest((SELECT coalesce(max(id), 0) FROM audit_events), "
          + "(SELECT last_value FROM audit_events_id_seq))"));
      long existing = Long.parseLong(one(connection, "SELECT count(*) FROM users"));
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      String expires = now.plus(Duration.ofDays(30)).toString();
      PGConnection pg = connection.unwrap(PGConnection.class);
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (long from = 0; from < count; from += BATCH) {
        long to = Math.min(count, from + BATCH);
        Rows users = new Rows();
        Rows sessions = new Rows();
        Rows tokens = new Rows();
        Rows audit = new Rows();
        for (long n = from; n < to; n++) {
          String email = "bulk" + (existing + n) + "@example.com";
          String user = UUID.randomUUID().toString();
          String session = UUID.randomUUID().toString();
          String at = now.toString();
          users.add(user, email, email, "\\N", "active", at, passwordHash, at, at);
          sessions.add(session, user, at, expires, "\\N", "{pwd}", "192.0.2.1", "bulk-load");
          tokens.add(UUID.randomUUID().toString(), session, user, tokenHash(sha256, email), at, "\\N");
          AuditEvent event = new AuditEvent("user.registered", "success", user, user, null,
              new ClientInfo("192.0.2.1", "bulk-load", null), now, Map.of());
          AuditRecord record = AuditChain.link(previous, ++seq, event);
          previous = record.hash();
          audit.add(Long.toString(seq), event.action(), event.outcome(), user, user, "\\N", "192.0.2.1",
              "bulk-load", "\\N", at, "{}", record.previousHash(), record.hash());
        }
        copy(pg, "users (id, email_normalized, email_display, display_name, status, email_verified_at, "
            + "password_hash, created_at, updated_at)", users);
        copy(pg, "refresh_sessions (id, user_id, created_at, expires_at, revoked_at, auth_methods, ip_address, "
            + "user_agent)", sessions);
        copy(pg, "refresh_tokens (id, session_id, user_id, token_hash, issued_at, used_at)", tokens);
        copy(pg, "audit_events (id, action, outcome, actor_id, target_id, org_id, ip_address, user_agent, "
            + "request_id, occurred_at, details, prev_hash, hash)", audit);
        connection.commit();
        try (Statement statement = connection.createStatement()) {
          statement.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
        }
        System.out.printf("%,d users loaded (%.0f s)%n", to, (System.nanoTime() - started) / 1e9);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT setval('audit_events_id_seq', " + seq + ")");
      }
      connection.commit();
      try (Statement statement = connection.createStatement()) {
        connection.setAutoCommit(true);
        statement.execute("ANALYZE");
      }
    }
    System.out.printf("done: %,d users, sessions, refresh tokens and audit events in %.0f s%n", count,
        (System.nanoTime() - started) / 1e9);
  }

  /** A bulk user's refresh-token hash: unique, and no token hashes to it that anyone knows. */
  private static String tokenHash(MessageDigest sha256, String email) {
    return "bulk:" + HexFormat.of().formatHex(sha256.digest(email.getBytes(StandardCharsets.UTF_8)));
  }

  private static String one(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      return row.next() ? row.getString(1) : null;
    }
  }

  private static void copy(PGConnection pg, String table, Rows rows) throws SQLException {
    CopyIn copy = pg.getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
    byte[] bytes = rows.bytes();
    copy.writeToCopy(bytes, 0, bytes.length);
    copy.endCopy();
  }

  /** Rows in COPY's text format; the values here never hold tabs, newlines or backslashes. */
  private static final class Rows {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);

    void add(String... values) {
      out.writeBytes(String.join("\t", values).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
