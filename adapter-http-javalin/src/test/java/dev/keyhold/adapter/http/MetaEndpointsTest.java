package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MetaEndpointsTest extends HttpApiTestSupport {

  @Test
  void live_is_up() {
    Response response = get("/health/live");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json().get("status").asText()).isEqualTo("up");
  }

  @Test
  void ready_is_200_naming_every_check_when_all_pass() {
    Response response = get("/health/ready");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("status").asText()).isEqualTo("up");
    assertThat(response.json().get("checks").properties()).extracting(Map.Entry::getKey)
        .containsExactly("database", "cache");
    assertThat(response.json().at("/checks/database").asText()).isEqualTo("up");
    assertThat(response.json().at("/checks/cache").asText()).isEqualTo("up");
  }

  @Test
  void an_optional_check_that_fails_is_reported_but_the_node_stays_ready() {
    optionalReadiness.set(() -> false);

    Response response = get("/health/ready");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("up");
    assertThat(response.json().at("/checks/cache").asText()).isEqualTo("down");
  }

  @Test
  void a_check_that_does_not_answer_in_time_counts_as_down_and_the_others_are_still_reported() {
    CountDownLatch never = new CountDownLatch(1);
    readiness.set(() -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    });

    Response response = get("/health/ready");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().at("/checks/database").asText()).isEqualTo("down");
    assertThat(response.json().at("/checks/cache").asText()).isEqualTo("up");
  }

  @Test
  void ready_is_503_when_the_stores_do_not_answer() {
    readiness.set(() -> false);

    Response response = get("/health/ready");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().get("status").asText()).isEqualTo("down");
    assertThat(response.json().at("/checks/database").asText()).isEqualTo("down");
  }

  @Test
  void ready_is_503_when_the_check_itself_throws() {
    readiness.set(() -> {
      throw new IllegalStateException("pool closed");
    });

    Response response = get("/health/ready");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().at("/checks/database").asText()).isEqualTo("down");
    assertThat(response.body()).doesNotContain("pool closed");
  }

  @Test
  void healthcheck_is_ok() {
    Response response = get("/api/v1/healthcheck");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void jwks_serves_the_key_set_for_five_minutes_of_caching() {
    Response response = get("/.well-known/jwks.json");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(response.json().at("/keys/0/kid").asText()).isEqualTo("k1");
  }

  @Test
  void without_metrics_there_is_no_metrics_route() {
    Response response = get("/metrics");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.code()).isEqualTo("not_found");
  }
}
