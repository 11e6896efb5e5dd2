package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What the log looks like: by default one JSON object per line with the fields operators query by; with
 * {@code LOG_FORMAT=text}, lines for people. The format comes from the environment of the process, as it does for
 * {@code java -jar keyhold.jar}.
 */
class LogOutputTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UTC_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  @Test
  void every_line_is_one_json_object_and_a_request_line_carries_request_and_user_ids() {
    ApiClient api = server.api();
    String access = signUp(api, "shape@example.com");
    String userId = api.get("/api/v1/me", access).text("id");

    try (LogCapture capture = LogCapture.start()) {
      api.get("/api/v1/me", access, Map.of("X-Request-Id", "shape-1"));
      LoggerFactory.getLogger("dev.keyhold.app.shape").error("Outside any request", new IllegalStateException("boom"));

      JsonNode line = await().atMost(Duration.ofSeconds(5))
          .until(() -> accessLine(capture, "shape-1"), Optional::isPresent).orElseThrow();
      assertThat(fieldNames(line)).containsExactlyInAnyOrder("timestamp", "level", "logger", "thread", "message",
          "request_id", "user_id", "method", "route", "status", "duration_ms");
      assertThat(line.get("timestamp").asText()).matches(UTC_TIMESTAMP);
      assertThat(line.get("level").asText()).isEqualTo("INFO");
      assertThat(line.get("thread").asText()).isNotBlank();
      assertThat(line.get("message").asText()).matches("GET /api/v1/me 200 \\d+\\.\\dms");
      assertThat(line.get("user_id").asText()).isEqualTo(userId);
      assertThat(line.get("method").asText()).isEqualTo("GET");
      assertThat(line.get("route").asText()).isEqualTo("/api/v1/me");
      assertThat(line.get("status").isInt()).isTrue();
      assertThat(line.get("status").asInt()).isEqualTo(200);
      assertThat(line.get("duration_ms").isNumber()).isTrue();

      JsonNode failure = capture.lines().stream()
          .filter(l -> l.path("logger").asText().equals("dev.keyhold.app.shape")).findFirst().orElseThrow();
      assertThat(fieldNames(failure)).containsExactlyInAnyOrder("timestamp", "level", "logger", "thread", "message",
          "stack_trace");
      assertThat(failure.get("level").asText()).isEqualTo("ERROR");
      assertThat(failure.get("stack_trace").asText())
          .startsWith("java.lang.IllegalStateException: boom")
          .contains("\tat dev.keyhold.app.LogOutputTest");
      assertThat(capture.rendered()).as("one object per line").hasLineCount(capture.events().size());
    }
  }

  @Test
  void the_default_format_is_json_from_the_first_line_on() throws Exception {
    List<String> lines = runMain(Map.of("PORT", "eighty"));

    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("level").asText()).isEqualTo("ERROR");
    assertThat(line.get("logger").asText()).isEqualTo(Main.class.getName());
    assertThat(line.get("message").asText())
        .isEqualTo("Invalid configuration: PORT=\"eighty\": expected a whole number from 0 to 65535");
  }

  @Test
  void log_format_text_writes_lines_for_people() throws Exception {
    List<String> lines = runMain(Map.of("LOG_FORMAT", "text", "PORT", "eighty"));

    assertThat(lines).singleElement().asString().matches(UTC_TIMESTAMP + " ERROR \\[] \\[] dev\\.keyhold\\.app\\.Main - "
        + "Invalid configuration: PORT=\"eighty\": expected a whole number from 0 to 65535");
  }

  @Test
  void an_unknown_log_format_is_reported_in_json_and_stops_start_up() throws Exception {
    List<String> lines = runMain(Map.of("LOG_FORMAT", "xml"));

    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).get("message").asText())
        .isEqualTo("Invalid configuration: LOG_FORMAT=\"xml\": expected json or text");
  }

  private static Optional<JsonNode> accessLine(LogCapture capture, String requestId) {
    return capture.lines().stream()
        .filter(l -> l.path("logger").asText().equals("keyhold.access"))
        .filter(l -> l.path("request_id").asText().equals(requestId))
        .findFirst();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Runs the command line in a JVM of its own with {@code env} and no other Keyhold setting, and returns what it
   * wrote, line by line, after checking that it stopped with the configuration error status.
   */
  private static List<String> runMain(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "serve"));
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(Main.CONFIG);
    return new String(output, StandardCharsets.UTF_8).lines().toList();
  }

  private static String signUp(ApiClient api, String email) {
    api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD));
    api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email)));
    return api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD)).text("access_token");
  }
}
