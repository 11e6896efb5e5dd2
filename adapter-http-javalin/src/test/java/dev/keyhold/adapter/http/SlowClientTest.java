package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slowloris-style clients over raw sockets (issue 19): request heads sent a byte at a time, bodies trickled or never
 * sent, connections opened and left idle. They cost the server no request thread, so more of them than it has threads
 * do not keep a normal client waiting; and the server closes each within its timeouts.
 */
class SlowClientTest {

  private static final String BODY_HEAD = "POST /api/v1/verify-email HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n";

  private static HttpApi.Builder builder(Duration idleTimeout, Duration requestTimeout) {
    return HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 65_536))
        .accounts(new FakeAccounts())
        .sessions(new FakeSessions())
        .twoFactor(new FakeTwoFactor())
        .organizations(new FakeOrganizations())
        .administration(new FakeAdministration())
        .auditTrail(new FakeAuditTrail())
        .requestThreads(HttpApi.MIN_REQUEST_THREADS)
        .slowClients(new SlowClientLimits(idleTimeout, requestTimeout, SlowClientLimits.DEFAULTS.stopIdleTimeout()));
  }

  @Test
  void more_slow_clients_than_request_threads_do_not_keep_a_normal_client_waiting() throws Exception {
    // timeouts far longer than the normal client's patience: if the slow clients held threads, it would not be served
    HttpApi api = builder(Duration.ofMinutes(2), Duration.ofMinutes(2)).build().start();
    List<Socket> slow = new ArrayList<>();
    try {
      int each = HttpApi.MIN_REQUEST_THREADS + 4;
      for (int i = 0; i < each; i++) {
        slow.add(open(api, BODY_HEAD + "{\"to")); // a body begun, then nothing
        slow.add(open(api, BODY_HEAD)); // a head, and no body at all
        slow.add(open(api, "GET /health/live HTTP/1.1\r\nHo")); // half a head
        slow.add(open(api, "")); // connected, silent
      }

      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(base(api) + "/health/live"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create(base(api) + "/api/v1/verify-email"))
          .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"t\"}")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      assertThat(api.openConnections()).as("the slow clients were still connected while it was served")
          .isGreaterThanOrEqualTo(slow.size());
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
      api.stop();
    }
  }

  @Test
  void an_idle_connection_is_closed_after_the_idle_timeout() throws Exception {
    HttpApi api = builder(Duration.ofSeconds(1), Duration.ofSeconds(30)).build().start();
    try (Socket idle = open(api, "")) {
      idle.setSoTimeout(10_000);

      assertThat(idle.getInputStream().read()).as("closed by the server, nothing said").isEqualTo(-1);
    } finally {
      api.stop();
    }
  }

  /** The body is read before the route runs, without a thread: the request timeout bounds it, not the idle timeout. */
  @Test
  void a_body_that_stops_coming_is_given_up_after_the_request_timeout() throws Exception {
    HttpApi api = builder(Duration.ofSeconds(30), Duration.ofSeconds(1)).build().start();
    try (Socket stalled = open(api, BODY_HEAD + "{\"to")) {
      stalled.setSoTimeout(10_000);

      String answer = new String(readToEnd(stalled.getInputStream()), StandardCharsets.UTF_8);
      assertThat(answer).as("closed by the server, with no answer").isEmpty();
    } finally {
      api.stop();
    }
  }

  @Test
  void a_head_sent_a_byte_at_a_time_is_cut_off_after_the_request_timeout() throws Exception {
    HttpApi api = builder(Duration.ofSeconds(30), Duration.ofSeconds(1)).build().start();
    try {
      assertThat(trickleUntilClosed(api, "", "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "X-Padding: " + "a".repeat(300) + "\r\n\r\n"))
          .as("closed while the head was still arriving, long before the 30 s idle timeout").isTrue();
    } finally {
      api.stop();
    }
  }

  @Test
  void a_body_sent_a_byte_at_a_time_is_cut_off_after_the_request_timeout() throws Exception {
    HttpApi api = builder(Duration.ofSeconds(30), Duration.ofSeconds(1)).build().start();
    String head = "POST /api/v1/verify-email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 300\r\n\r\n";
    try {
      assertThat(trickleUntilClosed(api, head, "{\"token\":\"" + "t".repeat(287) + "\"}"))
          .as("closed while the body was still arriving, long before the 30 s idle timeout").isTrue();
    } finally {
      api.stop();
    }
  }

  /**
   * Sends {@code head} at once and then {@code trickled} a byte every 100 ms (the socket's read timeout paces it),
   * until the server closes the connection (true) or everything was sent (false): 300 bytes take over 30 s.
   */
  private static boolean trickleUntilClosed(HttpApi api, String head, String trickled) throws IOException {
    try (Socket socket = open(api, head)) {
      socket.setSoTimeout(100);
      InputStream in = socket.getInputStream();
      for (byte b : trickled.getBytes(StandardCharsets.US_ASCII)) {
        try {
          socket.getOutputStream().write(b);
          socket.getOutputStream().flush();
        } catch (IOException closed) {
          return true;
        }
        try {
          if (in.read() == -1) {
            return true;
          }
        } catch (SocketTimeoutException stillOpen) {
          // the pace of the trickle: the server has not closed it yet
        } catch (IOException reset) {
          return true;
        }
      }
      return false;
    }
  }

  private static Socket open(HttpApi api, String sent) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
    if (!sent.isEmpty()) {
      socket.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
    return socket;
  }

  /** Everything the server sends until it closes the connection; a reset counts as closed. */
  private static byte[] readToEnd(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (java.net.SocketException reset) {
      return new byte[0];
    }
  }

  private static String base(HttpApi api) {
    return "http://127.0.0.1:" + api.port();
  }
}
