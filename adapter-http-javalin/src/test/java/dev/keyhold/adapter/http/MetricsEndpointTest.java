package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest extends HttpApiTestSupport {

  record Observation(String method, String route, int status, Duration duration) {}

  /** Records observations as they come (after the response is written) and answers scrapes with the Accept header. */
  private static final class RecordingMetrics implements HttpMetrics {
    final BlockingQueue<Observation> observed = new LinkedBlockingQueue<>();

    @Override
    public void requestCompleted(String method, String route, int status, Duration duration) {
      observed.add(new Observation(method, route, status, duration));
    }

    @Override
    public Exposition scrape(String accept) {
      return new Exposition("text/plain; version=0.0.4; charset=utf-8", "# accept: " + accept + "\nup 1\n");
    }
  }

  private final RecordingMetrics metrics = new RecordingMetrics();

  @Override
  HttpMetrics metrics() {
    return metrics;
  }

  @BeforeEach
  void forget() {
    metrics.observed.clear();
  }

  @Test
  void metrics_answers_the_scrape_with_its_content_type_and_no_caching() {
    Response response = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.body()).isEqualTo("# accept: application/openmetrics-text; version=1.0.0\nup 1\n");
  }

  @Test
  void a_trailing_slash_reaches_metrics_too_which_a_proxy_rule_must_cover() {
    assertThat(get("/metrics/").status()).isEqualTo(200);
  }

  @Test
  void each_request_is_observed_with_its_route_template_never_the_raw_path() throws InterruptedException {
    // the route takes no query parameters, so the request is refused (400): it is observed all the same
    authorized("GET", "/api/v1/orgs/0b7e3c9e-6f1a-4c1e-9a53-5d1f0f3a9c11?token=secret-in-query", null);

    Observation observation = next();
    assertThat(observation.method()).isEqualTo("GET");
    assertThat(observation.route()).isEqualTo("/api/v1/orgs/{id}");
    assertThat(observation.status()).isEqualTo(400);
    assertThat(observation.duration()).isPositive();
  }

  @Test
  void failures_are_observed_with_their_status() throws InterruptedException {
    postJson("/api/v1/login", "{\"email\": \"ada@example.com\"}");

    Observation observation = next();
    assertThat(observation.route()).isEqualTo("/api/v1/login");
    assertThat(observation.status()).isEqualTo(400);
  }

  @Test
  void requests_that_match_no_route_share_one_route_value() throws InterruptedException {
    get("/api/v1/users/ada@example.com");
    get("/wp-login.php?user=admin");
    send("DELETE", "/api/v1/login");

    assertThat(next()).extracting(Observation::route, Observation::status).containsExactly("unmatched", 404);
    assertThat(next()).extracting(Observation::route, Observation::status).containsExactly("unmatched", 404);
    assertThat(next()).extracting(Observation::method, Observation::route, Observation::status)
        .containsExactly("DELETE", "unmatched", 405);
  }

  @Test
  void head_runs_the_get_route_and_is_observed_as_head() throws InterruptedException {
    send("HEAD", "/metrics");

    assertThat(next()).extracting(Observation::method, Observation::route, Observation::status)
        .containsExactly("HEAD", "/metrics", 200);
  }

  private Observation next() throws InterruptedException {
    Observation observation = metrics.observed.poll(5, TimeUnit.SECONDS);
    assertThat(observation).as("an observation").isNotNull();
    return observation;
  }

  @Test
  void with_metrics_the_document_describes_metrics_too_and_still_every_route_and_nothing_else() {
    DocumentedApi document = new DocumentedApi(get(DocsRoutes.DOCUMENT_PATH).json());
    Set<String> registered = OpenApiDocumentTest.registeredRoutes(api());
    Set<String> documented = OpenApiDocumentTest.documentedRoutes(document);

    assertThat(documented).contains("GET /metrics");
    assertThat(OpenApiDocumentTest.difference(registered, documented)).isEmpty();
  }
}
