package dev.keyhold.adapter.redis;

import static dev.keyhold.adapter.redis.EmbeddedRedis.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.StoreUnavailableException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/** The settings reach Redis: password, ACL user, database, TLS. */
class RedisConnectionTest {

  private static final Duration HOUR = Duration.ofHours(1);

  private static int port;
  private static RedisServer server;

  @BeforeAll
  static void startRedisWithPasswords() {
    port = freePort();
    server = EmbeddedRedis.start(port, "requirepass d3fault", "user keyhold on >k%y:h0ld ~keyhold:* +@all");
  }

  @AfterAll
  static void stopRedis() {
    EmbeddedRedis.stop(server);
  }

  @Test
  void the_password_of_the_default_user_authenticates() {
    try (RedisProtectionStores stores = connect("redis://:d3fault@localhost:" + port)) {
      assertThat(stores.isReady()).isTrue();
      stores.ephemeral().put("oauth-state:1", "verifier", HOUR);
      assertThat(stores.ephemeral().take("oauth-state:1")).contains("verifier");
    }
  }

  @Test
  void an_acl_user_with_a_percent_encoded_password_authenticates() {
    try (RedisProtectionStores stores = connect("redis://keyhold:k%25y%3Ah0ld@localhost:" + port)) {
      assertThat(stores.isReady()).isTrue();
      stores.ephemeral().put("oauth-state:1", "verifier", HOUR);
      assertThat(stores.ephemeral().take("oauth-state:1")).contains("verifier");
    }
  }

  @Test
  void a_wrong_or_missing_password_makes_the_stores_unavailable() {
    for (String url : new String[] {"redis://:wrong@localhost:" + port, "redis://localhost:" + port}) {
      try (RedisProtectionStores stores = connect(url)) {
        assertThat(stores.isReady()).as(url).isFalse();
        assertThatThrownBy(() -> stores.ephemeral().take("oauth-state:1")).as(url)
            .isInstanceOf(StoreUnavailableException.class);
      }
    }
  }

  @Test
  void the_database_of_the_url_is_used() {
    try (RedisProtectionStores stores = connect("redis://:d3fault@localhost:" + port + "/3");
        RedisClient database3 = RedisClient.builder()
            .hostAndPort(new HostAndPort("localhost", port))
            .clientConfig(DefaultJedisClientConfig.builder().password("d3fault").database(3).build())
            .build()) {
      database3.flushDB();

      stores.ephemeral().put("oauth-state:1", "verifier", HOUR);

      assertThat(database3.get(RedisKeys.ephemeral("oauth-state:1"))).isEqualTo("verifier");
    }
  }

  @Test
  void rediss_starts_a_tls_handshake_and_so_cannot_talk_to_a_plain_server() {
    try (RedisProtectionStores stores = connect("rediss://:d3fault@localhost:" + port)) {
      assertThat(stores.isReady()).isFalse();
      assertThatThrownBy(() -> stores.ephemeral().take("oauth-state:1"))
          .isInstanceOf(StoreUnavailableException.class)
          .satisfies(e -> assertThat(Arrays.asList(rootCause(e).getStackTrace()))
              .as("where the connection failed")
              .anyMatch(frame -> frame.getClassName().startsWith("sun.security.ssl.")));
    }
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static RedisProtectionStores connect(String url) {
    return RedisProtectionStores.connect(RedisSettings.fromUrl(url).withTimeout(Duration.ofMillis(250)));
  }
}
