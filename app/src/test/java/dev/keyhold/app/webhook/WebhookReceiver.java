package dev.keyhold.app.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver for tests: the JDK's HTTP server on the loopback, recording every request and answering
 * with the status the test sets ({@code 204} at first).
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as it arrived. */
  public record Received(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private volatile String location;

  private WebhookReceiver(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          Map.copyOf(exchange.getRequestHeaders()), body));
      if (location != null) {
        exchange.getResponseHeaders().add("Location", location);
      }
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
  }

  /** A receiver on a free port. */
  public static WebhookReceiver start() {
    return new WebhookReceiver(0);
  }

  /** A receiver on {@code port}, as one that comes back up where it was. */
  public static WebhookReceiver startOn(int port) {
    return new WebhookReceiver(port);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Answers {@code code} from now on. */
  public void answer(int code) {
    status.set(code);
  }

  /** Answers {@code code} with a {@code Location} header, as a redirect. */
  public void redirect(int code, String target) {
    location = target;
    status.set(code);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
