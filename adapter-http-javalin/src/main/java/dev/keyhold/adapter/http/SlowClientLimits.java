package dev.keyhold.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server waits on a slow or silent client (docs/configuration.md, "Slow clients"). None of these holds a
 * request thread while it waits: headers are parsed by Jetty's selectors without one, and a body is read into memory
 * without one before the route runs ({@code HttpApi}); these bound the connections and memory a slow client holds.
 *
 * @param idleTimeout a connection on which nothing arrives (or can be written) for this long is closed: an opened
 *     connection left idle, a keep-alive connection between requests, a request whose bytes stopped coming
 * @param requestTimeout a request's head (request line and headers) must arrive within this time of its first byte,
 *     and its body within this time of the end of its head, however steadily the bytes trickle; past it the
 *     connection is closed without an answer (a slowloris client reads none)
 * @param stopIdleTimeout while the server stops, a connection with no traffic for this long is closed: a connection
 *     accepted just before the stop still gets its request answered, and idle keep-alive connections go quickly, since
 *     the stop waits for every connection to close (at 5 s, a test suite that stops a hundred servers with pooled
 *     client connections took minutes longer); a client that pauses longer mid-request during a stop is cut off
 */
record SlowClientLimits(Duration idleTimeout, Duration requestTimeout, Duration stopIdleTimeout) {

  /**
   * Jetty's default idle timeout, kept; 20 s for a request's head or body (Apache's mod_reqtimeout: 20 to 40 s); 1 s
   * of silence while stopping.
   */
  static final SlowClientLimits DEFAULTS =
      new SlowClientLimits(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(1));

  SlowClientLimits {
    for (Duration timeout : new Duration[] {
        Objects.requireNonNull(idleTimeout, "idleTimeout"),
        Objects.requireNonNull(requestTimeout, "requestTimeout"),
        Objects.requireNonNull(stopIdleTimeout, "stopIdleTimeout")}) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("slow-client timeouts must be positive: " + idleTimeout + ", "
            + requestTimeout + ", " + stopIdleTimeout);
      }
    }
  }

  /** These limits with the stop's idle timeout replaced, for tests that pause mid-request while a server stops. */
  SlowClientLimits withStopIdleTimeout(Duration value) {
    return new SlowClientLimits(idleTimeout, requestTimeout, value);
  }
}
