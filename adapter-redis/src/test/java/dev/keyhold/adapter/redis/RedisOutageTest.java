package dev.keyhold.adapter.redis;

import static dev.keyhold.adapter.redis.EmbeddedRedis.freePort;
import static dev.keyhold.adapter.redis.EmbeddedRedis.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.spi.LockoutStore.State;
import dev.keyhold.identity.spi.RateLimiter.Limit;
import dev.keyhold.identity.testkit.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import redis.embedded.RedisServer;

/** Redis going away and coming back under a connected {@link RedisProtectionStores}, with a short timeout. */
class RedisOutageTest {

  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final Duration RECOVERY = Duration.ofSeconds(10);
  private static final Limit LIMIT = new Limit("login-ip", 5, Duration.ofSeconds(10));
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private RedisServer server;
  private RedisProtectionStores stores;

  @AfterEach
  void stopEverything() throws IOException {
    if (stores != null) {
      stores.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void every_operation_fails_as_unavailable_within_the_timeout_while_redis_is_down_and_works_again_after()
      throws IOException {
    int port = freePort();
    server = EmbeddedRedis.start(port);
    stores = RedisProtectionStores.connect(settings(port).withTimeout(TIMEOUT));
    useEveryOperation();

    EmbeddedRedis.stop(server);

    assertEveryOperationFailsWithinTheTimeout();
    assertNotReadyWithinTheTimeout();

    server.start();

    Eventually.await(RECOVERY, stores::isReady);
    useEveryOperation();
  }

  @Test
  void connecting_while_redis_is_down_succeeds_and_the_stores_work_once_it_is_up() {
    int port = freePort();

    stores = RedisProtectionStores.connect(settings(port).withTimeout(TIMEOUT));

    assertNotReadyWithinTheTimeout();
    assertEveryOperationFailsWithinTheTimeout();

    server = EmbeddedRedis.start(port);

    Eventually.await(RECOVERY, stores::isReady);
    useEveryOperation();
  }

  @Test
  void a_server_that_accepts_connections_but_never_answers_fails_within_about_the_timeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      stores = RedisProtectionStores.connect(settings(silent.getLocalPort()).withTimeout(TIMEOUT));

      long started = System.nanoTime();
      assertThat(stores.isReady()).isFalse();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      assertThatThrownBy(() -> stores.ephemeral().take("oauth-state:1"))
          .isInstanceOf(StoreUnavailableException.class);

      assertThat(elapsed).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.multipliedBy(3));
    }
  }

  @Test
  void closed_stores_fail_as_unavailable_and_are_not_ready() {
    int port = freePort();
    server = EmbeddedRedis.start(port);
    stores = RedisProtectionStores.connect(settings(port).withTimeout(TIMEOUT));
    useEveryOperation();

    stores.close();

    assertThat(stores.isReady()).isFalse();
    assertThatThrownBy(() -> stores.ephemeral().take("oauth-state:1")).isInstanceOf(StoreUnavailableException.class);
  }

  /** Calls each operation of each store once and checks that it answers. */
  private void useEveryOperation() {
    assertThat(stores.isReady()).isTrue();
    assertThat(stores.rateLimiter().acquire("203.0.113.7", LIMIT, NOW).allowed()).isTrue();
    stores.lockouts().reset("alice@example.com");
    assertThat(stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), HOUR)).isTrue();
    assertThat(stores.lockouts().get("alice@example.com")).hasValueSatisfying(
        state -> assertThat(state.failures()).isEqualTo(1));
    stores.ephemeral().put("oauth-state:1", "verifier", HOUR);
    assertThat(stores.ephemeral().take("oauth-state:1")).contains("verifier");
  }

  private void assertEveryOperationFailsWithinTheTimeout() {
    Map<String, Executable> operations = new LinkedHashMap<>();
    operations.put("acquire", () -> stores.rateLimiter().acquire("203.0.113.7", LIMIT, NOW));
    operations.put("get", () -> stores.lockouts().get("alice@example.com"));
    operations.put("replace", () -> stores.lockouts().replace("alice@example.com", 0, new State(1, 0, null, 0), HOUR));
    operations.put("reset", () -> stores.lockouts().reset("alice@example.com"));
    operations.put("put", () -> stores.ephemeral().put("oauth-state:1", "verifier", HOUR));
    operations.put("take", () -> stores.ephemeral().take("oauth-state:1"));
    operations.forEach((name, operation) -> {
      long started = System.nanoTime();
      assertThatThrownBy(operation::execute).as(name)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("Redis could not ");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as(name).isLessThanOrEqualTo(TIMEOUT);
    });
  }

  private void assertNotReadyWithinTheTimeout() {
    long started = System.nanoTime();
    assertThat(stores.isReady()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThanOrEqualTo(TIMEOUT);
  }
}
