package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.testkit.Eventually;
import dev.keyhold.identity.testkit.GatedPasswordHasher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM runs ({@link Main}'s shutdown hook closes the server): the port closes at once, a request already
 * running is finished and answered, and only then does the server let go of the database. The reliability suite
 * does the same to the packaged jar under load (docs/reliability.md).
 */
class GracefulShutdownTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void closing_refuses_new_connections_and_finishes_the_request_in_flight() throws Exception {
    Map<String, String> environment = TestDatabase.serverEnvironment(Map.of());
    Config config = Config.fromEnvironment(environment);
    GatedPasswordHasher hashing = new GatedPasswordHasher(KeyholdServer.passwordHasher(config));
    KeyholdServer server = TestServers.start(config, new CapturingMailer(), true, hashing);
    int port = server.port();
    try {
      // a registration held while it hashes the password: in its handler, with its database work still to come
      hashing.hold();
      CompletableFuture<ApiClient.Response> inFlight = CompletableFuture.supplyAsync(() -> new ApiClient(port)
          .post("/api/v1/register", Map.of("email", "inflight@example.com", "password", PASSWORD)));
      Eventually.await(PATIENCE, () -> hashing.inside() == 1);

      CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      boolean refused = false;
      while (!refused && System.nanoTime() < deadline) {
        refused = refuses(port);
      }
      assertThat(refused).as("the port closes while the request is in flight").isTrue();
      assertThat(closed).as("closing waits for the request in flight").isNotDone();

      hashing.open();
      assertThat(inFlight.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(202);
      closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(accounts(environment, "inflight@example.com")).as("stored before the database was let go").isOne();
    } finally {
      hashing.open();
      server.close();
    }
  }

  private static boolean refuses(int port) {
    try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int accounts(Map<String, String> environment, String email) throws Exception {
    try (Connection connection = TestDatabase.connect(environment);
        PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM users WHERE email_normalized = ?")) {
      query.setString(1, email);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
