package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one PostgreSQL and one Redis: lockouts, rate limits and refresh-token reuse detection hold
 * across nodes.
 */
class SharedProtectionTest {

  private static final String PASSWORD = "correct horse battery staple";

  private static TestRedis redis;
  private static KeyholdServer nodeA;
  private static KeyholdServer nodeB;
  private static ApiClient a;
  private static ApiClient b;
  private static final CapturingMailer mail = new CapturingMailer();

  @BeforeAll
  static void startNodes() {
    redis = TestRedis.start();
    Map<String, String> env = new HashMap<>(TestDatabase.serverEnvironment(Map.of(
        "REDIS_URL", redis.url(),
        "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1")));
    nodeA = TestServers.start(Config.fromEnvironment(env), mail, true);
    nodeB = TestServers.start(Config.fromEnvironment(env), mail, false);
    a = new ApiClient(nodeA.port());
    b = new ApiClient(nodeB.port());
  }

  @AfterAll
  static void stopNodes() {
    nodeA.close();
    nodeB.close();
    redis.close();
  }

  @Test
  void failures_on_one_node_lock_the_account_on_the_other() {
    signUp(a, "locked@example.com");
    for (int i = 0; i < 5; i++) {
      ApiClient client = i % 2 == 0 ? a : b;
      assertThat(client.post("/api/v1/login", Map.of("email", "locked@example.com", "password", "wrong password!"))
          .text("code")).isEqualTo("invalid_credentials");
    }
    ApiClient.Response locked = b.post("/api/v1/login", Map.of("email", "locked@example.com", "password", PASSWORD));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.text("code")).isEqualTo("too_many_attempts");
    assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 60);
    assertThat(a.post("/api/v1/login", Map.of("email", "locked@example.com", "password", PASSWORD)).status())
        .isEqualTo(429);
  }

  @Test
  void an_unknown_email_is_locked_exactly_like_a_known_one() {
    signUp(a, "known.lock@example.com");
    ApiClient.Response known = null;
    ApiClient.Response unknown = null;
    for (int i = 0; i < 6; i++) {
      known = a.post("/api/v1/login", Map.of("email", "known.lock@example.com", "password", "wrong password!"));
      unknown = b.post("/api/v1/login", Map.of("email", "nobody.lock@example.com", "password", "wrong password!"));
    }
    assertThat(known.status()).isEqualTo(429);
    assertThat(unknown.status()).isEqualTo(429);
    for (String field : new String[] {"code", "title", "detail", "type", "status"}) {
      assertThat(unknown.text(field)).as(field).isEqualTo(known.text(field));
    }
    assertThat(unknown.header("Retry-After")).isEqualTo(known.header("Retry-After"));
  }

  @Test
  void a_rate_limit_is_shared_between_nodes_and_says_when_to_retry() {
    for (int i = 0; i < 3; i++) {
      ApiClient client = i % 2 == 0 ? a : b;
      assertThat(client.post("/api/v1/verify-email/resend", Map.of("email", "resend@example.com")).status())
          .isEqualTo(202);
    }
    ApiClient.Response refused = b.post("/api/v1/verify-email/resend", Map.of("email", "resend@example.com"));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.text("code")).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 1200);
    assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"resend-account\";q=3;w=3600");
    assertThat(refused.header("RateLimit")).startsWith("\"resend-account\";r=0;t=");
    assertThat(a.post("/api/v1/verify-email/resend", Map.of("email", "other.resend@example.com")).status())
        .as("another account is not limited").isEqualTo(202);
  }

  private static void signUp(ApiClient client, String email) {
    assertThat(client.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status())
        .isEqualTo(202);
    assertThat(client.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email))).status())
        .isEqualTo(200);
  }
}
