package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code verify-audit} against a real server's PostgreSQL: intact after real traffic, and reporting exactly the row
 * that someone with database access edited or deleted behind the server's back.
 */
class AuditVerificationTest {

  private static final String PASSWORD = "correct horse battery staple";

  private Map<String, String> env;
  private KeyholdServer server;
  private CapturingMailer mail;
  private List<Long> ids;

  @BeforeEach
  void serverWithTraffic() throws SQLException, InterruptedException {
    env = TestDatabase.serverEnvironment(Map.of("ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1"));
    mail = new CapturingMailer();
    server = TestServers.start(Config.fromEnvironment(env), mail, true);
    ApiClient api = new ApiClient(server.port());
    for (String email : List.of("ada@example.com", "bob@example.com")) {
      assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
      assertThat(api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email))).status())
          .isEqualTo(200);
      assertThat(api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
    }
    assertThat(verifyAudit().status()).as("verification links what the requests queued").isEqualTo(Main.OK);
    ids = auditIds();
    // signing_key.created, then per user: user.registered, email.verified, login.succeeded
    assertThat(ids).hasSize(7);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void an_untouched_log_verifies() throws Exception {
    Report report = verifyAudit();

    assertThat(report.status()).isEqualTo(Main.OK);
    assertThat(report.output()).isEqualTo("Audit chain intact: 7 events checked");
  }

  @Test
  void an_edited_row_is_reported_by_its_id_and_a_distinct_exit_status() throws Exception {
    long edited = ids.get(2);
    String original = tamper("SELECT ip_address FROM audit_events WHERE id = " + edited);
    tamper("UPDATE audit_events SET ip_address = '198.51.100.66' WHERE id = " + edited);

    Report report = verifyAudit();

    assertThat(report.status()).isEqualTo(Main.AUDIT_BROKEN).isNotIn(Main.OK, 1, Main.USAGE, Main.DATA,
        Main.UNAVAILABLE, Main.CONFIG);
    assertThat(report.output())
        .isEqualTo("Audit chain broken at event " + edited + " (hash_mismatch): 3 events checked");

    tamper("UPDATE audit_events SET ip_address = '" + original + "' WHERE id = " + edited);
    assertThat(verifyAudit().status()).as("the original value restores the chain").isEqualTo(Main.OK);
  }

  @Test
  void a_deleted_middle_row_is_reported_at_the_row_after_it() throws Exception {
    tamper("DELETE FROM audit_events WHERE id = " + ids.get(3));

    Report report = verifyAudit();

    assertThat(report.status()).isEqualTo(Main.AUDIT_BROKEN);
    assertThat(report.output())
        .isEqualTo("Audit chain broken at event " + ids.get(4) + " (previous_hash_mismatch): 4 events checked");
  }

  @Test
  void events_appended_after_verification_keep_the_chain_intact() throws Exception {
    ApiClient api = new ApiClient(server.port());
    assertThat(api.post("/api/v1/login", Map.of("email", "ada@example.com", "password", "wrong")).status())
        .isEqualTo(401);

    assertThat(verifyAudit().output()).isEqualTo("Audit chain intact: 8 events checked");
  }

  @Test
  void an_unmigrated_database_is_unavailable_rather_than_broken() throws Exception {
    Map<String, String> fresh = TestDatabase.serverEnvironment(Map.of());

    assertThat(Main.run(new String[] {"verify-audit"}, fresh, new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(Main.UNAVAILABLE);
    assertThat(Main.run(new String[] {"verify-audit", "--now"}, env)).isEqualTo(Main.USAGE);
  }

  private record Report(int status, String output) {}

  private Report verifyAudit() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"verify-audit"}, env, new ByteArrayInputStream(new byte[0]),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Report(status, bytes.toString(StandardCharsets.UTF_8).strip());
  }

  private List<Long> auditIds() throws SQLException {
    List<Long> found = new ArrayList<>();
    try (Connection connection = TestDatabase.connect(env);
        PreparedStatement select = connection.prepareStatement("SELECT id FROM audit_events ORDER BY id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        found.add(rows.getLong(1));
      }
    }
    return found;
  }

  /**
   * Runs {@code sql} as a superuser with triggers off for the session, as someone with access to the database could,
   * and answers the first column of its first row when it is a query.
   */
  private String tamper(String sql) throws SQLException {
    try (Connection connection = TestDatabase.connect(env); Statement statement = connection.createStatement()) {
      statement.execute("SET session_replication_role = replica");
      if (statement.execute(sql)) {
        try (ResultSet rows = statement.getResultSet()) {
          return rows.next() ? rows.getString(1) : null;
        }
      }
      return null;
    }
  }
}
