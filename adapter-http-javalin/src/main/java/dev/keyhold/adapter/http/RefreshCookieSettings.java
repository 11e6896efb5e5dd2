package dev.keyhold.adapter.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The refresh cookie for first-party browser applications, after the IETF "OAuth 2.0 for Browser-Based Applications"
 * advice: the refresh token in an {@code HttpOnly; SameSite=Strict} cookie that script cannot read, sent only to
 * {@code /api/v1/refresh} and {@code /api/v1/logout}.
 *
 * @param secure whether the cookie carries {@code Secure}; only a development server on {@code http://localhost} may
 *     go without, as browsers drop {@code Secure} cookies over plain http elsewhere
 * @param allowedOrigins the origins ({@code https://app.example.com}, scheme, host and port only) whose pages may use
 *     the cookie: a request that opts in with an {@code Origin} header naming another is refused; lower-cased
 * @param maxAge how long the browser keeps the cookie: the refresh token's lifetime
 */
record RefreshCookieSettings(boolean secure, List<String> allowedOrigins, Duration maxAge) {

  /**
   * @throws IllegalArgumentException for no origins, an origin that is not {@code http(s)://host[:port]}, or a
   *     lifetime that is not positive
   */
  RefreshCookieSettings {
    Objects.requireNonNull(allowedOrigins, "allowedOrigins");
    Objects.requireNonNull(maxAge, "maxAge");
    if (allowedOrigins.isEmpty()) {
      throw new IllegalArgumentException("the refresh cookie needs at least one allowed origin");
    }
    List<String> origins = new ArrayList<>();
    for (String origin : allowedOrigins) {
      origins.add(origin(origin));
    }
    allowedOrigins = List.copyOf(origins);
    if (maxAge.isZero() || maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
    }
  }

  /**
   * {@code value} as a browser sends it in {@code Origin}: scheme and host lower-cased, the port only when given.
   *
   * @throws IllegalArgumentException when it is not {@code http(s)://host[:port]} without path, query or fragment
   */
  static String origin(String value) {
    Objects.requireNonNull(value, "origin");
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && bare
          && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("an origin is http(s)://host[:port], without a path: " + value);
  }
}
