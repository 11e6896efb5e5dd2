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
 */
record SlowClientLimits(Duration idleTimeout, Duration requestTimeout) {

  /** Jetty's default idle timeout, kept, and 20 s for a request's head or body (Apache's mod_reqtimeout: 20 to 40 s). */
  static final SlowClientLimits DEFAULTS = new SlowClientLimits(Duration.ofSeconds(30), Duration.ofSeconds(20));

  SlowClientLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("slow-client timeouts must be positive: " + idleTimeout + ", " + requestTimeout);
    }
  }
}
