package dev.keyhold.adapter.http;

import java.util.Objects;

/**
 * Where the HTTP API listens and how much it accepts.
 *
 * @param host the interface to bind, for example {@code 0.0.0.0} for all
 * @param port the TCP port, or {@code 0} for a random free port (see {@link HttpApi#port()})
 * @param maxBodyBytes the largest request body accepted; larger bodies get 413
 */
public record HttpApiSettings(String host, int port, int maxBodyBytes) {

  public HttpApiSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
  }

  /** All interfaces, the given port, and a 64 KiB body limit. */
  public static HttpApiSettings defaults(int port) {
    return new HttpApiSettings("0.0.0.0", port, 65_536);
  }
}
