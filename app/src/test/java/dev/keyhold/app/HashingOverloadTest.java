package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyhold.identity.core.crypto.BoundedPasswordHasher;
import dev.keyhold.identity.testkit.Eventually;
import dev.keyhold.identity.testkit.GatedPasswordHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The password-hashing bound on the real server over HTTP: with {@code HASH_CONCURRENCY=2} and {@code HASH_QUEUE=2},
 * two hashes run, two requests wait, and every other request that needs a hash is refused at once with 503
 * {@code overloaded}, whatever account it names. The hasher holds each hash at a gate, so the test decides when the
 * running hashes end instead of racing them.
 */
class HashingOverloadTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String PASSWORD = "correct horse battery staple";
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "HASH_CONCURRENCY", "2",
      "HASH_QUEUE", "2",
      "HASH_QUEUE_WAIT", "30s",
      "REQUIRE_VERIFIED_EMAIL", "false",
      // one counted failure would lock the account: the next correct login shows whether a refusal counted
      "LOCKOUT_MAX_FAILURES", "1",
      "RATE_LIMIT_LOGIN_IP", "10000/1m",
      "RATE_LIMIT_LOGIN_ACCOUNT", "10000/1m",
      "RATE_LIMIT_REGISTER_IP", "10000/1m",
      "RATE_LIMIT_REGISTER_ACCOUNT", "10000/1m");

  private static Config config;
  private static GatedPasswordHasher gated;
  private static KeyholdServer server;
  private static ApiClient api;
  private static BoundedPasswordHasher hashing;
  private final ExecutorService clients = Executors.newFixedThreadPool(12);

  @BeforeAll
  static void start() {
    config = Config.fromEnvironment(TestDatabase.serverEnvironment(ENVIRONMENT));
    gated = new GatedPasswordHasher(KeyholdServer.passwordHasher(config));
    server = TestServers.start(config, new CapturingMailer(), true, gated);
    api = new ApiClient(server.port());
    hashing = server.keyhold().passwordHashing();
    for (String email : List.of("ada@example.com", "bob@example.com")) {
      assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status())
          .isEqualTo(202);
    }
  }

  @AfterAll
  static void stop() {
    gated.open();
    server.close();
  }

  @AfterEach
  void release() throws InterruptedException {
    gated.open();
    clients.shutdownNow();
    assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_burst_beyond_the_bound_gets_503_overloaded_at_once_and_the_rest_sign_in() {
    int enteredBefore = gated.entered();
    long refusedBefore = hashing.refused();
    double failedBefore = failedLogins();
    gated.hold();

    List<CompletableFuture<ApiClient.Response>> logins = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      logins.add(CompletableFuture.supplyAsync(() -> login("ada@example.com", PASSWORD), clients));
    }
    Eventually.await(PATIENCE, () -> logins.stream().filter(CompletableFuture::isDone).count() == 6
        && gated.inside() == 2 && hashing.queued() == 2);

    List<ApiClient.Response> refused = logins.stream().filter(CompletableFuture::isDone)
        .map(CompletableFuture::join).toList();
    assertThat(refused).hasSize(6).allSatisfy(HashingOverloadTest::assertOverloaded);
    assertThat(gated.entered() - enteredBefore).as("hashes started").isEqualTo(2);

    gated.open();

    List<ApiClient.Response> all = logins.stream().map(CompletableFuture::join).toList();
    assertThat(all.stream().filter(r -> r.status() == 200)).hasSize(4)
        .allSatisfy(r -> assertThat(r.text("access_token")).isNotBlank());
    assertThat(all.stream().filter(r -> r.status() == 503)).hasSize(6);
    assertThat(gated.entered() - enteredBefore).as("hashes run in all").isEqualTo(4);
    assertThat(gated.mostInside()).as("hashes at once, ever").isEqualTo(2);
    assertThat(hashing.refused() - refusedBefore).isEqualTo(6);
    assertThat(login("ada@example.com", PASSWORD).status())
        .as("not locked: no refusal counted as a failed login (LOCKOUT_MAX_FAILURES=1)").isEqualTo(200);
    assertThat(metrics().value("keyhold_password_hashing_refused_total")).isEqualTo((double) hashing.refused());
    assertThat(failedLogins()).isEqualTo(failedBefore);
  }

  @Test
  void known_and_unknown_emails_are_refused_alike_under_saturation() {
    gated.hold();
    List<CompletableFuture<ApiClient.Response>> saturating = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      saturating.add(CompletableFuture.supplyAsync(() -> login("bob@example.com", PASSWORD), clients));
    }
    Eventually.await(PATIENCE, () -> gated.inside() == 2 && hashing.queued() == 2);

    ApiClient.Response known = login("bob@example.com", "a wrong password");
    ApiClient.Response unknown = login("nobody@example.com", "a wrong password");
    ApiClient.Response registerKnown = api.post("/api/v1/register",
        Map.of("email", "bob@example.com", "password", PASSWORD));
    ApiClient.Response registerNew = api.post("/api/v1/register",
        Map.of("email", "carol@example.com", "password", PASSWORD));
    ApiClient.Response tokenGrant = api.postForm("/api/v1/token",
        "grant_type=password&username=nobody%40example.com&password=x");

    for (ApiClient.Response response : List.of(known, unknown, registerKnown, registerNew)) {
      assertOverloaded(response);
      assertThat(withoutRequestId(response)).isEqualTo(withoutRequestId(known));
    }
    assertThat(tokenGrant.status()).isEqualTo(503);
    assertThat(tokenGrant.text("error")).isEqualTo("temporarily_unavailable");
    assertThat(tokenGrant.header("Retry-After")).isEqualTo("1");

    gated.open();
    assertThat(saturating).allSatisfy(login -> assertThat(login.join().status()).isEqualTo(200));
    assertThat(login("carol@example.com", PASSWORD).status()).as("the refused registration made nothing")
        .isEqualTo(401);
  }

  private static void assertOverloaded(ApiClient.Response response) {
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.text("code")).isEqualTo("overloaded");
    assertThat(response.header("Retry-After")).isEqualTo("1");
  }

  private static PrometheusText metrics() {
    return PrometheusText.parse(api.get("/metrics", null).raw().body());
  }

  private static double failedLogins() {
    return metrics().named("keyhold_logins_total").stream()
        .filter(sample -> sample.labels().get("outcome").equals("failure"))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static String withoutRequestId(ApiClient.Response response) {
    return response.status() + " " + response.header("Retry-After") + " "
        + ((ObjectNode) response.body().deepCopy()).without("request_id");
  }

  private static ApiClient.Response login(String email, String password) {
    return api.post("/api/v1/login", Map.of("email", email, "password", password));
  }
}
