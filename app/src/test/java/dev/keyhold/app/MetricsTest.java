package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} on the real server: every counted security event and request, read back from the Prometheus
 * exposition by series, with exact tags and values.
 */
class MetricsTest {

  private static final String PASSWORD = "correct horse battery staple";

  /** For the counting test alone, so that no other test's requests change what it counts. */
  @RegisterExtension
  static final RunningServer counted = new RunningServer(Map.of(
      "LOCKOUT_MAX_FAILURES", "3",
      "RATE_LIMIT_RESET_ACCOUNT", "1/1h",
      // nothing sends mail or handles link requests behind the test's back, so the backlogs hold still
      "MAIL_DELIVERY", "false"));

  @RegisterExtension
  static final RunningServer server = new RunningServer();

  @RegisterExtension
  static final RunningServer withoutMetrics = new RunningServer(Map.of("METRICS_ENABLED", "false"));

  private static ApiClient api;

  @BeforeAll
  static void connect() {
    api = server.api();
  }

  @Test
  void security_events_requests_backlogs_and_the_pool_are_counted_by_tag() {
    ApiClient api = counted.api();
    String refresh = signUp(counted, "ada@example.com").text("refresh_token");
    assertThat(login(api, "ada@example.com", "not the password").status()).isEqualTo(401);
    for (int i = 0; i < 3; i++) {
      assertThat(login(api, "eve@example.com", "guess " + i).status()).isEqualTo(401);
    }
    assertThat(login(api, "eve@example.com", "guess 3").text("code")).as("locked").isEqualTo("too_many_attempts");
    String unreceived = api.post("/api/v1/refresh", Map.of("refresh_token", refresh)).text("refresh_token");
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", refresh)).status()).as("a retry").isEqualTo(200);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", unreceived)).text("code")).as("superseded")
        .isEqualTo("token_reused");
    assertThat(api.post("/api/v1/password-reset/request", Map.of("email", "ada@example.com")).status())
        .isEqualTo(202);
    assertThat(api.post("/api/v1/password-reset/request", Map.of("email", "ada@example.com")).text("code"))
        .isEqualTo("rate_limited");
    assertThat(api.post("/api/v1/register", Map.of("email", "bob@example.com", "password", PASSWORD)).status())
        .isEqualTo(202);
    assertThat(api.get("/api/v1/users/ada@example.com", null).status()).isEqualTo(404);

    PrometheusText metrics = await().atMost(Duration.ofSeconds(5)).until(() -> scrape(api),
        m -> m.named("http_server_requests_seconds_count").stream().anyMatch(s -> s.labels().get("route")
            .equals("unmatched")));

    assertThat(metrics.value("keyhold_logins_total", "outcome", "success", "reason", "none")).isEqualTo(1);
    assertThat(metrics.value("keyhold_logins_total", "outcome", "failure", "reason", "bad_password")).isEqualTo(1);
    assertThat(metrics.value("keyhold_logins_total", "outcome", "failure", "reason", "unknown_email")).isEqualTo(3);
    assertThat(metrics.value("keyhold_logins_total", "outcome", "failure", "reason", "locked")).isEqualTo(1);
    assertThat(metrics.named("keyhold_logins_total")).hasSize(4);
    assertThat(metrics.value("keyhold_lockouts_total")).isEqualTo(1);
    assertThat(metrics.value("keyhold_refresh_reuse_detections_total")).isEqualTo(1);
    assertThat(metrics.value("keyhold_refresh_retries_total")).isEqualTo(1);
    assertThat(metrics.value("keyhold_rate_limit_refusals_total", "limit", "reset-account")).isEqualTo(1);
    assertThat(metrics.named("keyhold_rate_limit_refusals_total")).hasSize(1);

    assertThat(requests(metrics, "POST", "/api/v1/login", "200")).isEqualTo(1);
    assertThat(requests(metrics, "POST", "/api/v1/login", "401")).isEqualTo(4);
    assertThat(requests(metrics, "POST", "/api/v1/login", "429")).isEqualTo(1);
    assertThat(requests(metrics, "POST", "/api/v1/refresh", "200")).isEqualTo(2);
    assertThat(requests(metrics, "POST", "/api/v1/refresh", "401")).isEqualTo(1);
    assertThat(requests(metrics, "GET", "unmatched", "404")).isEqualTo(1);
    assertThat(metrics.value("http_server_requests_seconds_bucket",
        "method", "POST", "route", "/api/v1/login", "status", "401", "le", "+Inf")).isEqualTo(4);
    assertThat(metrics.value("http_server_requests_seconds_sum",
        "method", "POST", "route", "/api/v1/login", "status", "200")).isPositive();

    assertThat(metrics.value("keyhold_mail_outbox_backlog")).as("bob's verification mail").isEqualTo(1);
    assertThat(metrics.value("keyhold_link_requests_backlog")).as("ada's reset request").isEqualTo(1);

    assertThat(metrics.value("hikaricp_connections_max", "pool", "keyhold")).isEqualTo(4);
    assertThat(metrics.named("hikaricp_connections_acquire_seconds_count")).isNotEmpty();
    assertThat(metrics.named("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(metrics.named("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
    assertThat(metrics.value("jvm_threads_live_threads")).isPositive();
    assertThat(metrics.value("jvm_classes_loaded_classes")).isPositive();
    assertThat(metrics.value("process_uptime_seconds")).isPositive();
    assertThat(metrics.named("process_cpu_usage")).hasSize(1);
  }

  @Test
  void two_factor_events_are_counted_by_action() {
    String access = signUp(server, "dora@example.com").text("access_token");
    PrometheusText before = scrape(api);
    assertThat(before.named("keyhold_mfa_events_total")).as("every action's series, from zero")
        .hasSize(SecurityEventMeters.MFA_ACTIONS.size());

    ApiClient.Response started = api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), access);
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    Authenticator app = new Authenticator(started.text("secret"));
    ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), access);
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    String mfaToken = login(api, "dora@example.com", PASSWORD).text("mfa_token");
    assertThat(api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken, "code", app.wrongCode())).status())
        .isEqualTo(401);
    assertThat(api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken,
        "recovery_code", confirmed.body().at("/recovery_codes/0").asText())).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/me/mfa/recovery-codes", Map.of("code", app.nextCode()), access).status())
        .isEqualTo(200);
    assertThat(api.send("DELETE", "/api/v1/me/mfa/totp",
        Map.of("current_password", PASSWORD, "code", app.nextCode()), access).status()).isEqualTo(204);

    PrometheusText metrics = scrape(api);
    for (String action : List.of("mfa.enrolment_started", "mfa.enabled", "login.mfa_required",
        "mfa.recovery_code_used", "mfa.recovery_codes_replaced", "mfa.disabled")) {
      assertThat(metrics.value("keyhold_mfa_events_total", "action", action, "outcome", "success")).as(action)
          .isEqualTo(1);
    }
    assertThat(metrics.value("keyhold_mfa_events_total", "action", "mfa.challenge_failed", "outcome", "failure"))
        .isEqualTo(1);
    assertThat(metrics.value("keyhold_mfa_events_total", "action", "mfa.reset_by_admin", "outcome", "success"))
        .isZero();
    assertThat(metrics.named("keyhold_mfa_events_total")).hasSize(SecurityEventMeters.MFA_ACTIONS.size());
  }

  @Test
  void no_series_names_a_user_an_address_or_a_raw_path() {
    String access = signUp(server, "carol@example.com").text("access_token");
    String userId = api.get("/api/v1/me", access).text("id");
    api.get("/api/v1/orgs/" + userId + "?token=some-token", access);

    String text = await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/metrics", null).raw().body(),
        body -> body.contains("route=\"/api/v1/orgs/{id}\""));

    assertThat(text).doesNotContain("carol", "@example.com", userId, "some-token", "127.0.0.1");
  }

  @Test
  void the_prometheus_text_format_is_the_default_and_openmetrics_is_served_when_asked_for() {
    ApiClient.Response text = api.get("/metrics", null);
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text.header("Cache-Control")).isEqualTo("no-store");

    ApiClient.Response openMetrics = api.get("/metrics", null, Map.of("Accept",
        "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    assertThat(openMetrics.header("Content-Type"))
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(openMetrics.raw().body()).endsWith("# EOF\n").contains("keyhold_lockouts_total");
  }

  @Test
  void with_metrics_disabled_there_is_no_metrics_route() {
    ApiClient.Response response = withoutMetrics.api().get("/metrics", null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.text("code")).isEqualTo("not_found");
  }

  private static double requests(PrometheusText metrics, String method, String route, String status) {
    return metrics.value("http_server_requests_seconds_count", "method", method, "route", route, "status", status);
  }

  private static PrometheusText scrape(ApiClient api) {
    ApiClient.Response response = api.get("/metrics", null);
    assertThat(response.status()).isEqualTo(200);
    return PrometheusText.parse(response.raw().body());
  }

  private static ApiClient.Response login(ApiClient api, String email, String password) {
    return api.post("/api/v1/login", Map.of("email", email, "password", password));
  }

  private static ApiClient.Response signUp(RunningServer server, String email) {
    ApiClient api = server.api();
    api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD));
    api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email)));
    ApiClient.Response login = login(api, email, PASSWORD);
    assertThat(login.status()).isEqualTo(200);
    return login;
  }
}
