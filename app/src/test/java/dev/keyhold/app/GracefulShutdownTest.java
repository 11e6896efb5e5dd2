package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM runs ({@link Main}'s shutdown hook closes the server): the port closes at once, a request already
 * accepted is finished and answered, and only then does the server let go of the database. The reliability suite
 * does the same to the packaged jar under load (docs/reliability.md).
 */
class GracefulShutdownTest {

  private static final String PASSWORD = "correct horse battery staple";

  @Test
  void closing_refuses_new_connections_and_finishes_the_request_in_flight() throws Exception {
    CapturingMailer mail = new CapturingMailer();
    KeyholdServer server = TestServers.start(Config.fromEnvironment(TestDatabase.serverEnvironment(Map.of())), mail,
        true);
    int port = server.port();
    byte[] body = ("{\"email\":\"inflight@example.com\",\"password\":\"" + PASSWORD + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    try (Socket inFlight = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = inFlight.getOutputStream();
      out.write(("POST /api/v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(body, 0, body.length / 2);
      out.flush();
      // a request on a later connection answered: the server has read the first one's headers by now (its selector
      // handles connections as they come) and is waiting in the handler for the rest of the body
      assertThat(new ApiClient(port).get("/health/live", null).status()).isEqualTo(200);

      CompletableFuture<Void> closed = CompletableFuture.runAsync(server::close);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      boolean refused = false;
      while (!refused && System.nanoTime() < deadline) {
        refused = refuses(port);
      }
      assertThat(refused).as("the port closes while the request is in flight").isTrue();
      assertThat(closed).as("closing waits for the request in flight").isNotDone();

      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      assertThat(statusLine(inFlight.getInputStream())).isEqualTo("HTTP/1.1 202 Accepted");
      closed.get(30, TimeUnit.SECONDS);
    } finally {
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

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\r' && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }
}
