package dev.keyhold.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the API reports each request it answered, and where {@code GET /metrics} gets its answer from. The API knows
 * no metrics library: the embedder decides what to record and in which format to expose it.
 *
 * <p>Implementations must be thread-safe and quick: {@link #requestCompleted} runs on the request's thread after the
 * response is written, once per request that reached the router (not for requests Jetty rejects as unreadable).
 */
public interface HttpMetrics {

  /**
   * The route reported for requests that matched no route (404, 405): one fixed value, so that scanners probing
   * random paths cannot create a series per path.
   */
  String UNMATCHED_ROUTE = "unmatched";

  /**
   * One answered request.
   *
   * @param method the request method, upper case ({@code GET}, {@code POST}, ...)
   * @param route the matched route template ({@code /api/v1/orgs/{id}}), never the raw path or query; for a request
   *     that matched none, {@link #UNMATCHED_ROUTE}
   * @param status the response status
   * @param duration from the start of routing until the response was written
   */
  void requestCompleted(String method, String route, int status, Duration duration);

  /**
   * The answer to {@code GET /metrics}.
   *
   * @param accept the request's {@code Accept} header, or {@code null}, for content negotiation
   */
  Exposition scrape(String accept);

  /** A rendered scrape: its media type and text. */
  record Exposition(String contentType, String body) {
    public Exposition {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }
  }
}
