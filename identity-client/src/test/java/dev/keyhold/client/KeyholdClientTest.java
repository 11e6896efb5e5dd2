package dev.keyhold.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How answers that are not successes reach the caller; the flows themselves run against the real server (app). */
class KeyholdClientTest {

  private final StubServer server = new StubServer();
  private final KeyholdClient client = KeyholdClient.builder().baseUrl(server.uri("/").toString()).build();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void a_problem_becomes_one_exception_with_code_status_detail_request_id_and_field_errors() {
    server.answer("/api/v1/register", new StubServer.Answer(400, "application/problem+json", Map.of(),
        "{\"type\":\"https://keyhold.dev/problems/validation_failed\",\"title\":\"Validation failed\",\"status\":400,"
            + "\"detail\":\"Enter a valid email address.\",\"code\":\"validation_failed\",\"request_id\":\"r-1\","
            + "\"errors\":[{\"field\":\"email\",\"code\":\"invalid_email\",\"message\":\"Enter a valid email.\"}]}"));

    assertThatThrownBy(() -> client.register("nope", "a password", null))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("validation_failed");
          assertThat(e.detail()).isEqualTo("Enter a valid email address.");
          assertThat(e.requestId()).contains("r-1");
          assertThat(e.errors()).containsExactly(
              new KeyholdApiException.FieldError("email", "invalid_email", "Enter a valid email."));
          assertThat(e.getMessage()).contains("POST /api/v1/register", "400", "validation_failed")
              .doesNotContain("a password");
        });
  }

  @Test
  void retry_after_is_carried_and_a_non_problem_answer_is_unexpected_response() {
    server.answer("/api/v1/login", new StubServer.Answer(429, "application/problem+json", Map.of("Retry-After", "42"),
        "{\"status\":429,\"code\":\"rate_limited\",\"request_id\":\"r-2\"}"));
    assertThatThrownBy(() -> client.login("ada@example.com", "secret"))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> {
          assertThat(e.code()).isEqualTo("rate_limited");
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
        });

    server.answer("/api/v1/me", new StubServer.Answer(502, "text/html", Map.of("X-Request-Id", "proxy-1"),
        "<html>Bad gateway</html>"));
    assertThatThrownBy(() -> client.me("a-token"))
        .isInstanceOfSatisfying(KeyholdApiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isEqualTo(KeyholdApiException.UNEXPECTED);
          assertThat(e.requestId()).contains("proxy-1");
          assertThat(e.getMessage()).doesNotContain("a-token");
        });
  }

  @Test
  void an_unreachable_server_is_a_connection_exception() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    KeyholdClient nowhere = KeyholdClient.builder().baseUrl("http://127.0.0.1:" + closedPort)
        .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> nowhere.refresh("a-refresh-token")).isInstanceOf(KeyholdConnectionException.class)
        .hasMessageNotContaining("a-refresh-token");
  }

  @Test
  void the_base_url_must_be_an_http_url() {
    assertThatThrownBy(() -> KeyholdClient.builder().baseUrl("ftp://id.example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyholdClient.builder().baseUrl("/relative")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyholdClient.builder().build()).isInstanceOf(NullPointerException.class);
  }
}
