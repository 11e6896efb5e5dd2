package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  void an_unmatched_request_logs_the_placeholder_route_and_its_path_but_never_the_query() throws Exception {
    get("/api/v1/usres/42?token=query-secret");

    ILoggingEvent line = nextAccessLine();
    assertThat(line.getFormattedMessage()).matches("GET - 404 [0-9.]+ms path=/api/v1/usres/42")
        .doesNotContain("query-secret", "?");
    assertThat(keyValues(line)).containsEntry("route", "-").containsEntry("path", "/api/v1/usres/42")
        .containsEntry("status", 404);
    assertThat(keyValues(line).values().toString()).doesNotContain("query-secret");
  }

  @Test
  void a_wrong_method_on_a_known_path_logs_its_path_too() throws Exception {
    postJson("/health/live", "{}");

    assertThat(nextAccessLine().getFormattedMessage()).matches("POST - 405 [0-9.]+ms path=/health/live");
  }

  @Test
  void a_logged_path_is_cut_short_and_shows_only_printable_ascii() {
    assertThat(RequestScope.loggedPath("/caf\u00e9/a b\tc")).isEqualTo("/caf?/a?b?c");
    assertThat(RequestScope.loggedPath("/" + "x".repeat(400)))
        .hasSize(RequestScope.MAX_LOGGED_PATH + 3).endsWith("x...");
    assertThat(RequestScope.loggedPath("")).isEqualTo("-");
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

  @Test
  void the_access_line_carries_method_route_status_and_duration_as_key_value_pairs() throws Exception {
    authorized("GET", "/api/v1/orgs/0b7e3c9e-6f1a-4c1e-9a53-5d1f0f3a9c11", null);

    Map<String, Object> fields = keyValues(nextAccessLine());
    assertThat(fields).containsOnlyKeys("method", "route", "status", "duration_ms");
    assertThat(fields).containsEntry("method", "GET").containsEntry("route", "/api/v1/orgs/{id}")
        .containsEntry("status", 200);
    assertThat(fields.get("duration_ms")).isInstanceOfSatisfying(Double.class, ms -> assertThat(ms).isNotNegative());
  }

  @Test
  void the_access_line_never_holds_the_raw_path_or_the_query() throws Exception {
    // the route takes no query parameters, so the request is refused (400): its line is logged all the same
    get("/api/v1/orgs/0b7e3c9e-6f1a-4c1e-9a53-5d1f0f3a9c11?token=query-secret", "Authorization", BEARER);

    ILoggingEvent line = nextAccessLine();
    assertThat(line.getFormattedMessage()).startsWith("GET /api/v1/orgs/{id} 400 ")
        .doesNotContain("0b7e3c9e", "query-secret", "?");
    assertThat(keyValues(line).values().toString()).doesNotContain("0b7e3c9e", "query-secret");
  }

  @Test
  void a_verified_bearer_token_puts_its_user_in_every_later_line_of_the_request() throws Exception {
    accounts.profile = user -> {
      throw new IllegalStateException("boom");
    };

    get("/api/v1/me", "Authorization", BEARER, "X-Request-Id", "log-user");

    assertThat(nextAccessLine().getMDCPropertyMap())
        .containsEntry("request_id", "log-user")
        .containsEntry("user_id", FakeAccounts.USER.toString());
    ILoggingEvent failure = capture.all.stream()
        .filter(e -> e.getLoggerName().equals(ErrorResponses.class.getName()))
        .findFirst().orElseThrow();
    assertThat(failure.getMDCPropertyMap()).containsEntry("user_id", FakeAccounts.USER.toString());
  }

  @Test
  void a_successful_login_puts_its_user_in_the_access_line() throws Exception {
    postJson("/api/v1/login", "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}");

    assertThat(nextAccessLine().getMDCPropertyMap()).containsEntry("user_id", FakeAccounts.USER.toString());
  }

  @Test
  void requests_without_a_verified_token_carry_no_user_id() throws Exception {
    get("/api/v1/me", "Authorization", "Bearer not-a-valid-token");
    get("/health/live");

    assertThat(nextAccessLine().getMDCPropertyMap()).doesNotContainKey("user_id");
    assertThat(nextAccessLine().getMDCPropertyMap()).doesNotContainKey("user_id");
  }

  /**
   * The MDC belongs to the thread, and the server's threads take request after request: an authenticated request's
   * user must not appear in the lines of the next request the same thread serves. Alternates authenticated and
   * anonymous requests on one connection until a thread has served both, in that order.
   */
  @Test
  void the_user_id_does_not_leak_into_the_next_request_on_the_same_thread() throws Exception {
    Set<String> threadsThatServedAUser = new HashSet<>();
    boolean threadReused = false;
    for (int i = 0; i < 200 && !threadReused; i++) {
      get("/api/v1/me", "Authorization", BEARER);
      ILoggingEvent authenticated = nextAccessLine();
      assertThat(authenticated.getMDCPropertyMap()).containsKey("user_id");
      threadsThatServedAUser.add(authenticated.getThreadName());

      get("/health/live");
      ILoggingEvent anonymous = nextAccessLine();
      assertThat(anonymous.getMDCPropertyMap()).as("request %d", i).doesNotContainKey("user_id");
      threadReused = threadsThatServedAUser.contains(anonymous.getThreadName());
    }
    // On 21+ every request gets a fresh virtual thread (see HttpApi), so no thread is reused and the check above is
    // all there is; on 17 the pool's platform threads are reused, and the loop must have seen that happen.
    if (Runtime.version().feature() < 21) {
      assertThat(threadReused).as("some thread served an anonymous request after an authenticated one").isTrue();
    }
  }

  private static Map<String, Object> keyValues(ILoggingEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
    }
    return fields;
  }

  private ILoggingEvent nextAccessLine() throws InterruptedException {
    ILoggingEvent event = capture.access.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("an access log line").isNotNull();
    return event;
  }
}
