package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server processes on one database behave as one: node A runs in this JVM, node B is a separate JVM started
 * from the same classpath with the same DATABASE_URL and KEY_ENCRYPTION_KEY.
 */
class TwoNodesTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final CapturingMailer mail = new CapturingMailer();

  private static KeyholdServer nodeA;
  private static Process nodeB;
  private static ApiClient a;
  private static ApiClient b;

  @BeforeAll
  static void startBothNodes() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    nodeA = TestServers.start(Config.fromEnvironment(env), mail, true);
    a = new ApiClient(nodeA.port());

    int portB = freePort();
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "serve"));
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(portB));
    // node A delivers the mail (to the test's mailer); node B would log it instead
    builder.environment().put("MAIL_DELIVERY", "false");
    builder.redirectErrorStream(true);
    nodeB = builder.start();
    awaitLine(nodeB, "Keyhold listening");
    b = new ApiClient(portB);
  }

  @AfterAll
  static void stopBothNodes() throws InterruptedException {
    if (nodeB != null) {
      nodeB.destroy();
      nodeB.waitFor(20, TimeUnit.SECONDS);
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  void a_token_issued_by_one_node_is_accepted_by_the_other() {
    String[] tokens = signUp("both@example.com");
    assertThat(b.get("/api/v1/me", tokens[0]).status()).isEqualTo(200);
    ApiClient.Response refreshedOnB = b.post("/api/v1/refresh", Map.of("refresh_token", tokens[1]));
    assertThat(refreshedOnB.status()).isEqualTo(200);
    assertThat(a.get("/api/v1/me", refreshedOnB.text("access_token")).status()).isEqualTo(200);
    assertThat(b.get("/.well-known/jwks.json", null).body())
        .isEqualTo(a.get("/.well-known/jwks.json", null).body());
  }

  @Test
  void a_refresh_token_rotated_on_one_node_and_replayed_on_the_other_revokes_the_family() {
    String[] tokens = signUp("replay@example.com");
    ApiClient.Response rotatedOnA = a.post("/api/v1/refresh", Map.of("refresh_token", tokens[1]));
    assertThat(rotatedOnA.status()).isEqualTo(200);
    assertThat(b.post("/api/v1/refresh", Map.of("refresh_token", rotatedOnA.text("refresh_token"))).status())
        .isEqualTo(200);

    ApiClient.Response replayOnB = b.post("/api/v1/refresh", Map.of("refresh_token", tokens[1]));
    assertThat(replayOnB.status()).isEqualTo(401);
    assertThat(replayOnB.text("code")).isEqualTo("token_reused");

    assertThat(a.get("/api/v1/me", rotatedOnA.text("access_token")).status()).isEqualTo(401);
  }

  @Test
  void a_refresh_answered_on_one_node_but_lost_is_retried_on_the_other() {
    String[] tokens = signUp("retry@example.com");
    ApiClient.Response lostOnA = a.post("/api/v1/refresh", Map.of("refresh_token", tokens[1]));
    assertThat(lostOnA.status()).isEqualTo(200);

    ApiClient.Response retryOnB = b.post("/api/v1/refresh", Map.of("refresh_token", tokens[1]));
    assertThat(retryOnB.status()).as(retryOnB.toString()).isEqualTo(200);
    assertThat(a.get("/api/v1/me", retryOnB.text("access_token")).status()).isEqualTo(200);
    ApiClient.Response unreceivedOnA = a.post("/api/v1/refresh",
        Map.of("refresh_token", lostOnA.text("refresh_token")));
    assertThat(unreceivedOnA.text("code")).as("superseded by the retry").isEqualTo("token_reused");
  }

  /** Registers and verifies through node A, logs in through node B; returns the access and refresh tokens. */
  private static String[] signUp(String email) {
    assertThat(a.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(b.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email))).status())
        .isEqualTo(200);
    ApiClient.Response login = b.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return new String[] {login.text("access_token"), login.text("refresh_token")};
  }

  /** Reads the process's output until a line contains {@code marker}; fails if it exits or 60 s pass first. */
  private static void awaitLine(Process process, String marker) throws Exception {
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<Boolean> found = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          seen.append(line).append('\n');
          if (line.contains(marker)) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    boolean started = found.get(60, TimeUnit.SECONDS);
    assertThat(started).as("node B started; its output:\n%s", seen).isTrue();
    // keep draining so node B never blocks on a full pipe
    CompletableFuture.runAsync(() -> {
      try {
        while (output.readLine() != null) {
          // discard
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
