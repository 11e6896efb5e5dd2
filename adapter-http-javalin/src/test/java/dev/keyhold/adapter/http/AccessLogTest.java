package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest extends HttpApiTestSupport {

  /** Keeps every event, and hands access lines over as they come: Javalin logs them after the response is sent. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> all = new CopyOnWriteArrayList<>();
    final BlockingQueue<ILoggingEvent> access = new LinkedBlockingQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      all.add(event);
      if (event.getLoggerName().equals("keyhold.access")) {
        access.add(event);
      }
    }
  }

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Capture capture;

  @BeforeEach
  void capture() {
    capture = new Capture();
    capture.start();
    root.addAppender(capture);
  }

  @AfterEach
  void release() {
    root.detachAppender(capture);
  }

  @Test
  void each_request_logs_one_access_line_with_method_route_template_status_and_duration() throws Exception {
    get("/api/v1/me", "Authorization", "Bearer " + FakeSessions.VALID_ACCESS_TOKEN, "X-Request-Id", "log-1");
    get("/health/live", "X-Request-Id", "log-2");

    ILoggingEvent first = nextAccessLine();
    ILoggingEvent second = nextAccessLine();
    assertThat(first.getFormattedMessage()).matches("GET /api/v1/me 200 [0-9]+\\.[0-9]ms");
    assertThat(first.getMDCPropertyMap()).containsEntry("request_id", "log-1");
    assertThat(second.getFormattedMessage()).startsWith("GET /health/live 200 ");
    assertThat(second.getMDCPropertyMap()).containsEntry("request_id", "log-2");
  }

  @Test
  void a_swagger_ui_file_logs_the_route_template_rather_than_its_name() throws Exception {
    get("/api/v1/docs/swagger-ui.css");
    get("/api/v1/docs/no-such-file.js");

    assertThat(nextAccessLine().getFormattedMessage()).matches("GET /api/v1/docs/\\{asset} 200 [0-9.]+ms");
    assertThat(nextAccessLine().getFormattedMessage()).matches("GET /api/v1/docs/\\{asset} 404 [0-9.]+ms");
  }

  @Test
  void an_unmatched_request_logs_a_placeholder_instead_of_the_raw_path() throws Exception {
    get("/api/v1/users/ada@example.com");

    assertThat(nextAccessLine().getFormattedMessage()).matches("GET - 404 [0-9.]+ms");
  }

  @Test
  void an_unexpected_failure_is_logged_with_its_request_id_but_no_secrets() throws Exception {
    accounts.failWith(new IllegalStateException("boom"));

    postJson("/api/v1/login", "{\"email\": \"ada@example.com\", \"password\": \"hunter2-secret\"}",
        "Authorization", "Bearer some.bearer.value", "X-Request-Id", "log-500");

    assertThat(nextAccessLine().getFormattedMessage()).startsWith("POST /api/v1/login 500 ");
    ILoggingEvent failure = capture.all.stream()
        .filter(e -> e.getLoggerName().equals(ErrorResponses.class.getName()))
        .findFirst().orElseThrow();
    assertThat(failure.getFormattedMessage()).contains("log-500", "/api/v1/login");
    assertThat(failure.getMDCPropertyMap()).containsEntry("request_id", "log-500");
    String everything = capture.all.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
    assertThat(everything).doesNotContain("hunter2-secret", "some.bearer.value");
  }

  private ILoggingEvent nextAccessLine() throws InterruptedException {
    ILoggingEvent event = capture.access.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("an access log line").isNotNull();
    return event;
  }
}
