package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhold.app.webhook.WebhookReceiver;
import dev.keyhold.app.webhook.Webhooks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end: a real server on PostgreSQL posts events to a real receiver on the loopback
 * ({@code WEBHOOK_ALLOW_PRIVATE=true}); signatures are checked here with nothing but the JDK. The test drives delivery
 * rounds itself ({@link CapturingMailer} turns the background ones off) and stands in for time passing by making
 * waiting deliveries due in the database.
 */
class WebhookDeliveryTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

  private WebhookReceiver receiver = WebhookReceiver.start();
  private KeyholdServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    receiver.close();
  }

  private Map<String, String> environment(String url) {
    return TestDatabase.serverEnvironment(Map.of("WEBHOOK_URL", url, "WEBHOOK_SECRET", SECRET,
        "WEBHOOK_ALLOW_PRIVATE", "true", "WEBHOOK_EVENTS", "user.registered", "MAIL_DELIVERY", "false"));
  }

  private static KeyholdServer start(Map<String, String> env) {
    return TestServers.start(Config.fromEnvironment(env), new CapturingMailer(), true);
  }

  private Webhooks webhooks() {
    return server.webhooks().orElseThrow();
  }

  private void register(String email) {
    ApiClient api = new ApiClient(server.port());
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
  }

  @Test
  void a_registration_is_posted_once_signed_as_standard_webhooks_says() throws Exception {
    server = start(environment(receiver.url("/hooks/keyhold")));
    register("webhook-signed@example.com");

    assertThat(webhooks().deliverDue()).isEqualTo(1);
    assertThat(webhooks().deliverDue()).isZero();

    List<WebhookReceiver.Received> received = receiver.received();
    assertThat(received).hasSize(1);
    WebhookReceiver.Received request = received.get(0);
    assertThat(request.path()).isEqualTo("/hooks/keyhold");
    assertThat(verified(request)).isTrue();
    long timestamp = Long.parseLong(request.header("webhook-timestamp"));
    assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
    JsonNode body = new ObjectMapper().readTree(request.body());
    assertThat(body.get("id").asText()).isEqualTo(request.header("webhook-id"));
    assertThat(body.get("type").asText()).isEqualTo("user.registered");
    assertThat(body.get("data").get("email").asText()).isEqualTo("webhook-signed@example.com");
    assertThat(body.get("data").get("user_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(Instant.parse(body.get("timestamp").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(webhooks().backlog()).isZero();
  }

  @Test
  void a_tampered_body_fails_the_independent_check() throws Exception {
    server = start(environment(receiver.url("/hooks")));
    register("webhook-tampered@example.com");
    webhooks().deliverDue();

    WebhookReceiver.Received request = receiver.received().get(0);
    WebhookReceiver.Received tampered = new WebhookReceiver.Received(request.method(), request.path(),
        request.headers(), request.body().replace("tampered", "tampere2"));

    assertThat(verified(request)).isTrue();
    assertThat(verified(tampered)).isFalse();
  }

  @Test
  void a_receiver_down_then_up_across_a_restart_gets_the_event_once() throws Exception {
    Map<String, String> env = environment(receiver.url("/hooks"));
    int port = receiver.port();
    server = start(env);
    receiver.answer(503);
    register("webhook-outage@example.com");

    webhooks().deliverDue();
    String eventId = receiver.received().get(0).header("webhook-id");
    assertThat(row(env, eventId)).containsEntry("attempts", "1").containsEntry("delivered", "false")
        .containsEntry("last_error", "HTTP 503").containsEntry("due_later", "true");

    receiver.close();
    server.close();
    server = start(env);
    makeDue(env);
    webhooks().deliverDue();
    assertThat(row(env, eventId)).containsEntry("attempts", "2").containsEntry("delivered", "false");

    receiver = WebhookReceiver.startOn(port);
    makeDue(env);
    assertThat(webhooks().deliverDue()).isEqualTo(1);
    makeDue(env);
    assertThat(webhooks().deliverDue()).isZero();

    assertThat(receiver.received()).hasSize(1);
    assertThat(receiver.received().get(0).header("webhook-id")).isEqualTo(eventId);
    assertThat(verified(receiver.received().get(0))).isTrue();
    assertThat(row(env, eventId)).containsEntry("attempts", "3").containsEntry("delivered", "true");
  }

  @Test
  void a_listener_enqueueing_an_event_twice_stores_it_once() throws Exception {
    Map<String, String> env = environment(receiver.url("/hooks"));
    server = start(env);
    register("webhook-twice@example.com");
    try (Connection db = TestDatabase.connect(env); Statement statement = db.createStatement()) {
      statement.execute("INSERT INTO webhook_outbox (event_id, event_type, body, created_at, next_attempt_at)"
          + " SELECT event_id, event_type, body, created_at, next_attempt_at FROM webhook_outbox"
          + " ON CONFLICT (event_id) DO NOTHING");
    }

    assertThat(webhooks().backlog()).isEqualTo(1);
  }

  @Test
  void receivers_on_internal_addresses_are_refused_at_start_up_without_allow_private() {
    for (String url : List.of("http://127.0.0.1:9/hooks", "http://localhost:9/hooks", "http://10.0.0.8/hooks",
        "http://169.254.169.254/latest", "http://[fd12::1]/hooks", "http://[::1]/hooks")) {
      Map<String, String> env = Map.of("WEBHOOK_URL", url, "WEBHOOK_SECRET", SECRET);
      assertThatThrownBy(() -> Config.fromEnvironment(env)).as(url)
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
              .startsWith("WEBHOOK_URL: ").contains("WEBHOOK_ALLOW_PRIVATE=true"));
    }
  }

  @Test
  void plain_http_receivers_are_refused_in_production() {
    Map<String, String> env = new HashMap<>(TestDatabase.serverEnvironment(Map.of()));
    env.putAll(Map.of("KEYHOLD_ENV", "production", "SMTP_HOST", "smtp.example.com", "SMTP_FROM", "k@example.com",
        "WEBHOOK_URL", "http://93.184.215.14/hooks", "WEBHOOK_SECRET", SECRET));

    assertThatThrownBy(() -> Config.fromEnvironment(env)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).containsExactly(
            "WEBHOOK_URL: must be an https URL with KEYHOLD_ENV=production (events carry users' addresses)"));
  }

  @Test
  void webhook_settings_are_checked_at_start_up() {
    assertThat(problems(Map.of("WEBHOOK_URL", "https://93.184.215.14/hooks")))
        .containsExactly("WEBHOOK_SECRET: required with WEBHOOK_URL (whsec_ followed by the base64 of 24 to 64"
            + " random bytes)");
    assertThat(problems(Map.of("WEBHOOK_URL", "https://93.184.215.14/hooks", "WEBHOOK_SECRET", "s3cret")))
        .singleElement().asString().startsWith("WEBHOOK_SECRET: expected whsec_");
    assertThat(problems(Map.of("WEBHOOK_URL", "https://93.184.215.14/hooks", "WEBHOOK_SECRET", SECRET,
        "WEBHOOK_EVENTS", "user.registered, user.exploded")))
        .singleElement().asString().startsWith("WEBHOOK_EVENTS: unknown event types [user.exploded] (known: ");
    assertThat(problems(Map.of("WEBHOOK_EVENTS", "user.registered")))
        .containsExactly("WEBHOOK_EVENTS: set without WEBHOOK_URL");
  }

  private static List<String> problems(Map<String, String> env) {
    try {
      Config.fromEnvironment(env);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  /** The Standard Webhooks check a receiver makes, written here with the JDK alone. */
  private static boolean verified(WebhookReceiver.Received request) throws Exception {
    String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    for (String signature : request.header("webhook-signature").split(" ")) {
      if (MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
          expected.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  /** Stands in for the backoff's wait: every waiting delivery is due now. */
  private static void makeDue(Map<String, String> env) throws SQLException {
    try (Connection db = TestDatabase.connect(env); Statement statement = db.createStatement()) {
      statement.executeUpdate("UPDATE webhook_outbox SET next_attempt_at = now() - interval '1 second'"
          + " WHERE delivered_at IS NULL");
    }
  }

  private static Map<String, String> row(Map<String, String> env, String eventId) throws SQLException {
    try (Connection db = TestDatabase.connect(env); Statement statement = db.createStatement();
        ResultSet result = statement.executeQuery("SELECT attempts, delivered_at IS NOT NULL AS delivered,"
            + " coalesce(last_error, '') AS last_error, next_attempt_at > now() AS due_later"
            + " FROM webhook_outbox WHERE event_id = '" + eventId + "'")) {
      assertThat(result.next()).as("outbox row %s", eventId).isTrue();
      return Map.of("attempts", result.getString("attempts"), "delivered", Boolean.toString(result.getBoolean("delivered")),
          "last_error", result.getString("last_error"), "due_later", Boolean.toString(result.getBoolean("due_later")));
    }
  }
}
