package dev.keyhold.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a browser application's production set-up looks like, on one loopback port: the built app's files (a
 * single-page app: any other path answers its {@code index.html}), and Keyhold behind the same origin for
 * {@code /api/} and {@code /.well-known/}, passed on as a reverse proxy does. Every answer it passes back to the
 * browser is recorded, so a test can look at exactly what the page received.
 */
final class SameOriginProxy implements AutoCloseable {

  /** One answer from Keyhold as the browser got it. */
  record Exchange(String method, String path, int status, List<String> setCookies, String body) {}

  /** Hop-by-hop headers, and the ones the JDK's client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
      "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
      "json", "application/json", "ico", "image/x-icon");

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final Path root;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private volatile URI upstream;

  private SameOriginProxy(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Serves {@code root} at once; {@link #forwardTo} names the Keyhold once it runs (it needs this origin first). */
  static SameOriginProxy serving(Path root) throws IOException {
    return new SameOriginProxy(root);
  }

  /** {@code http://127.0.0.1:<port>}: the origin the browser sees, Keyhold's {@code PUBLIC_URL}. */
  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void forwardTo(int keyholdPort) {
    upstream = URI.create("http://127.0.0.1:" + keyholdPort);
  }

  /** Every answer of Keyhold's so far, oldest first. */
  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith("/api/") || path.startsWith("/.well-known/")) {
        forward(exchange);
      } else {
        serveFile(exchange, path);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forward(HttpExchange exchange) throws IOException, InterruptedException {
    byte[] requestBody;
    try (InputStream in = exchange.getRequestBody()) {
      requestBody = in.readAllBytes();
    }
    URI uri = upstream.resolve(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(exchange.getRequestMethod(), requestBody.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(requestBody));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    byte[] body = response.body();
    exchanges.add(new Exchange(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        response.statusCode(), response.headers().allValues("set-cookie"), new String(body, StandardCharsets.UTF_8)));
    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void serveFile(HttpExchange exchange, String path) throws IOException {
    Path file = root.resolve(path.substring(1)).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      file = root.resolve("index.html");
    }
    String name = file.getFileName().toString();
    String extension = name.substring(name.lastIndexOf('.') + 1);
    byte[] body = Files.readAllBytes(file);
    exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
