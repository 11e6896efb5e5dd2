package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis stopped under a running server: with REDIS_FAILURE_MODE=closed the protected endpoints answer 503 and the
 * node reports not ready; with open they keep working without limits. Either way it recovers by itself when Redis
 * returns.
 */
class RedisOutageTest {

  private static final String PASSWORD = "correct horse battery staple";

  @ParameterizedTest
  @ValueSource(strings = {"closed", "open"})
  void the_configured_failure_mode_applies_while_redis_is_down_and_recovery_needs_no_restart(String mode) {
    try (TestRedis redis = TestRedis.start()) {
      Config config = Config.fromEnvironment(TestDatabase.serverEnvironment(Map.of(
          "REDIS_URL", redis.url(), "REDIS_FAILURE_MODE", mode,
          "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1")));
      CapturingMailer mail = new CapturingMailer();
      try (KeyholdServer server = TestServers.start(config, mail, true)) {
        ApiClient api = new ApiClient(server.port());
        api.post("/api/v1/register", Map.of("email", "ada@example.com", "password", PASSWORD));
        api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo("ada@example.com")));
        Map<String, String> credentials = Map.of("email", "ada@example.com", "password", PASSWORD);
        assertThat(api.post("/api/v1/login", credentials).status()).isEqualTo(200);

        redis.stop();

        ApiClient.Response login = api.post("/api/v1/login", credentials);
        ApiClient.Response ready = api.get("/health/ready", null);
        if (mode.equals("closed")) {
          assertThat(login.status()).as(login.toString()).isEqualTo(503);
          assertThat(login.text("code")).isEqualTo("store_unavailable");
          assertThat(ready.status()).isEqualTo(503);
        } else {
          assertThat(login.status()).as(login.toString()).isEqualTo(200);
          assertThat(ready.status()).as("Redis is optional when failing open").isEqualTo(200);
        }
        assertThat(ready.body().get("checks").get("redis").asText()).isEqualTo("down");
        assertThat(ready.body().get("checks").get("postgres").asText()).isEqualTo("up");

        redis.startAgain();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> api.post("/api/v1/login", credentials).status() == 200);
        ApiClient.Response recovered = api.get("/health/ready", null);
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.body().get("checks").get("redis").asText()).isEqualTo("up");
      }
    }
  }
}
