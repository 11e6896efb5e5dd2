package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL stopped and started again under a running server: requests that need it answer 503
 * {@code store_unavailable} (never "not found", never 500), readiness reports it, and everything recovers without
 * restarting the server.
 */
class DatabaseOutageTest {

  private static final String PASSWORD = "correct horse battery staple";

  @TempDir
  Path pgData;

  @Test
  void the_server_reports_the_outage_and_recovers_when_the_database_returns() throws IOException {
    int port = freePort();
    EmbeddedPostgres postgres = startPostgres(port);
    try {
      Config config = Config.fromEnvironment(Map.of(
          "PORT", "0", "HOST", "127.0.0.1",
          "DATABASE_URL", "postgresql://postgres@localhost:" + port + "/postgres",
          "KEY_ENCRYPTION_KEY", KeyEncryption.generate().encodedKey()));
      CapturingMailer mail = new CapturingMailer();
      try (KeyholdServer server = TestServers.start(config, mail, true)) {
        ApiClient api = new ApiClient(server.port());
        api.post("/api/v1/register", Map.of("email", "ada@example.com", "password", PASSWORD));
        api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo("ada@example.com")));
        ApiClient.Response login = api.post("/api/v1/login",
            Map.of("email", "ada@example.com", "password", PASSWORD));
        String refresh = login.text("refresh_token");
        String access = login.text("access_token");
        assertThat(api.get("/health/ready", null).status()).isEqualTo(200);

        postgres.close();

        ApiClient.Response ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body().get("checks").get("postgres").asText()).isEqualTo("down");
        assertThat(ready.body().get("checks").get("migrations").asText()).as("cannot be read").isEqualTo("down");
        assertUnavailable(api.post("/api/v1/login", Map.of("email", "ada@example.com", "password", PASSWORD)));
        assertUnavailable(api.post("/api/v1/refresh", Map.of("refresh_token", refresh)));
        assertUnavailable(api.get("/api/v1/me", access));
        assertThat(api.get("/health/live", null).status()).isEqualTo(200);

        postgres = startPostgres(port);

        ApiClient client = api;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> client.get("/health/ready", null).status() == 200);
        assertThat(api.get("/api/v1/me", access).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", refresh)).status())
            .as("the refresh token survived the outage unused").isEqualTo(200);
      }
    } finally {
      postgres.close();
    }
  }

  @Test
  void a_refresh_whose_audit_event_is_refused_rotates_nothing_and_the_token_works_afterwards() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    CapturingMailer mail = new CapturingMailer();
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(env), mail, true);
        Connection database = TestDatabase.connect(env);
        Statement sql = database.createStatement()) {
      ApiClient api = new ApiClient(server.port());
      String refresh = SignUps.signUp(api, mail, "ada@example.com").text("refresh_token");
      // The database accepts the rotation and then refuses its audit event, as a database dying between the two did
      refuseAuditEvents(sql, "token.refreshed");

      assertUnavailable(api.post("/api/v1/refresh", Map.of("refresh_token", refresh)));

      sql.execute("DROP TRIGGER refuse_events ON audit_queue");
      ApiClient.Response retried = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
      assertThat(retried.status()).as("the retry with the same token: %s", retried).isEqualTo(200);
      assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", retried.text("refresh_token"))).status())
          .as("the session was not revoked as a replay").isEqualTo(200);
    }
  }

  @Test
  void a_sign_in_whose_audit_event_is_refused_starts_no_session() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    CapturingMailer mail = new CapturingMailer();
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(env), mail, true);
        Connection database = TestDatabase.connect(env);
        Statement sql = database.createStatement()) {
      ApiClient api = new ApiClient(server.port());
      SignUps.signUp(api, mail, "ada@example.com");
      int before = sessionCount(sql);
      refuseAuditEvents(sql, "login.succeeded");

      assertUnavailable(SignUps.login(api, "ada@example.com"));

      assertThat(sessionCount(sql)).as("sessions stored by the refused sign-in").isEqualTo(before);
      sql.execute("DROP TRIGGER refuse_events ON audit_queue");
      assertThat(SignUps.login(api, "ada@example.com").status()).isEqualTo(200);
      assertThat(sessionCount(sql)).isEqualTo(before + 1);
    }
  }

  private static int sessionCount(Statement sql) throws SQLException {
    try (ResultSet count = sql.executeQuery("SELECT count(*) FROM refresh_sessions")) {
      count.next();
      return count.getInt(1);
    }
  }

  /** Makes PostgreSQL refuse every audit event of {@code action}, as a database that dies at that moment would. */
  private static void refuseAuditEvents(Statement sql, String action) throws SQLException {
    sql.execute("CREATE FUNCTION refuse_events() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "IF NEW.action = '" + action + "' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; "
        + "END $$");
    sql.execute("CREATE TRIGGER refuse_events BEFORE INSERT ON audit_queue FOR EACH ROW "
        + "EXECUTE FUNCTION refuse_events()");
  }

  private static void assertUnavailable(ApiClient.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(503);
    assertThat(response.text("code")).isEqualTo("store_unavailable");
    assertThat(response.header("Retry-After")).isNotBlank();
  }

  private EmbeddedPostgres startPostgres(int port) throws IOException {
    return EmbeddedPostgres.builder().setPort(port).setDataDirectory(pgData).setCleanDataDirectory(false).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
