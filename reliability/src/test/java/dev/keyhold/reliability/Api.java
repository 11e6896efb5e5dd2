package dev.keyhold.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The suite's HTTP client (java.net.http). Every request goes on a connection of its own ({@code Connection: close}),
 * so that a failure is unambiguous: a refused connection was never accepted, anything after the connection was.
 */
final class Api {

  /** Longer than any bound the server promises, so that a hang shows up as a slow answer, not a client timeout. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  static {
    // Connection is a restricted header in java.net.http; the surefire configuration allows it, and so does this for
    // runs from an IDE (it must be set before the client reads it).
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
  }

  Outcome get(Node node, String path, String accessToken) {
    return call(node, "GET", path, accessToken, null);
  }

  Outcome post(Node node, String path, String accessToken, Object body) {
    return call(node, "POST", path, accessToken, body);
  }

  Outcome patch(Node node, String path, String accessToken, Object body) {
    return call(node, "PATCH", path, accessToken, body);
  }

  Outcome call(Node node, String method, String path, String accessToken, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .timeout(REQUEST_TIMEOUT).header("Connection", "close");
    if (accessToken != null) {
      request.header("Authorization", "Bearer " + accessToken);
    }
    try {
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      long end = System.nanoTime();
      JsonNode json = null;
      if (response.headers().firstValue("Content-Type").orElse("").contains("json") && response.body().length > 0) {
        json = JSON.readTree(response.body());
      }
      return new Outcome(node.name(), response.statusCode(), json, start, end, null,
          response.headers().firstValue("Retry-After").orElse(null));
    } catch (HttpConnectTimeoutException e) {
      return new Outcome(node.name(), 0, null, start, System.nanoTime(), Outcome.CONNECT_TIMEOUT, null);
    } catch (ConnectException e) {
      return new Outcome(node.name(), 0, null, start, System.nanoTime(), Outcome.REFUSED, null);
    } catch (HttpTimeoutException e) {
      return new Outcome(node.name(), 0, null, start, System.nanoTime(), Outcome.TIMEOUT, null);
    } catch (IOException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof ConnectException)) {
        cause = cause.getCause();
      }
      String failure = cause instanceof ConnectException ? Outcome.REFUSED : Outcome.IO + ": " + e;
      return new Outcome(node.name(), 0, null, start, System.nanoTime(), failure, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(node.name(), 0, null, start, System.nanoTime(), Outcome.IO + ": interrupted", null);
    }
  }

  /**
   * What one request came to: a status with its JSON body, or a failure without one.
   *
   * @param failure null for an answer; {@link #REFUSED} when the connection was refused (never accepted);
   *     {@link #TIMEOUT} when no answer came within {@link #REQUEST_TIMEOUT}; otherwise an I/O error after connecting
   */
  record Outcome(String node, int status, JsonNode body, long startNanos, long endNanos, String failure,
      String retryAfter) {

    static final String REFUSED = "refused";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String TIMEOUT = "timeout";
    static final String IO = "io";

    String code() {
      return body == null || !body.has("code") ? null : body.get("code").asText();
    }

    String text(String field) {
      return body == null || !body.hasNonNull(field) ? null : body.get(field).asText();
    }

    Duration latency() {
      return Duration.ofNanos(endNanos - startNanos);
    }

    boolean refused() {
      return REFUSED.equals(failure);
    }

    /** A short label for counting: the status, or the failure's kind. */
    String label() {
      if (failure != null) {
        return failure.startsWith(IO) ? IO : failure;
      }
      String code = code();
      return code == null || status < 400 ? Integer.toString(status) : status + " " + code;
    }
  }
}
