package dev.keyhold.adapter.http;

import java.util.List;
import java.util.Objects;

/**
 * Where the HTTP API listens, how much it accepts, and which reverse proxies it believes.
 *
 * @param host the interface to bind, for example {@code 0.0.0.0} for all
 * @param port the TCP port, or {@code 0} for a random free port (see {@link HttpApi#port()})
 * @param maxBodyBytes the largest request body accepted; larger bodies get 413
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} is believed: IPv4 or IPv6 addresses, or
 *     CIDR ranges of them ({@code 10.0.0.0/8}, {@code fd00::/8}); literals only, never host names. Empty: the socket
 *     peer is always the client and {@code X-Forwarded-For} is ignored
 */
public record HttpApiSettings(String host, int port, int maxBodyBytes, List<String> trustedProxies) {

  /**
   * @throws IllegalArgumentException for a blank host, a port outside 0 to 65535, a body limit below 1, or a trusted
   *     proxy that is not an address or a CIDR range (the message names it)
   */
  public HttpApiSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    TrustedProxies.parse(trustedProxies);
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** No trusted proxies: the socket peer is the client. */
  public HttpApiSettings(String host, int port, int maxBodyBytes) {
    this(host, port, maxBodyBytes, List.of());
  }

  /** All interfaces, the given port, a 64 KiB body limit, and no trusted proxies. */
  public static HttpApiSettings defaults(int port) {
    return new HttpApiSettings("0.0.0.0", port, 65_536, List.of());
  }
}
