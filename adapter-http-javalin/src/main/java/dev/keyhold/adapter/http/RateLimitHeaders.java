package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.TooManyRequestsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of a 429: {@code Retry-After} always, and for a rate limit (not a lockout) the {@code RateLimit-Policy}
 * and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers in their structured-field form. Durations are
 * whole seconds rounded up, so a client that waits as told is never early.
 */
final class RateLimitHeaders {

  /** The largest RFC 8941 Integer; longer durations are capped there. */
  static final long MAX_SECONDS = 999_999_999_999_999L;

  private RateLimitHeaders() {}

  /** The header names and values, in the order to send them. */
  static Map<String, String> of(TooManyRequestsException e) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Retry-After", retryAfter(e.retryAfter()));
    e.limit().ifPresent(limit -> {
      String policy = structuredString(limit.policy());
      headers.put("RateLimit-Policy",
          policy + ";q=" + Math.max(0, limit.permits()) + ";w=" + Math.max(1, seconds(limit.window())));
      headers.put("RateLimit",
          policy + ";r=" + Math.max(0, limit.remaining()) + ";t=" + seconds(limit.resetAfter()));
    });
    return headers;
  }

  /** A {@code Retry-After} value: whole seconds, rounded up, at least 1. */
  static String retryAfter(Duration wait) {
    return Long.toString(Math.max(1, seconds(wait)));
  }

  /** Whole seconds, rounded up; 0 for zero or negative durations. */
  static long seconds(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return 0;
    }
    if (duration.getSeconds() >= MAX_SECONDS) {
      return MAX_SECONDS;
    }
    return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
  }

  /** An RFC 8941 String: printable ASCII only (anything else is dropped), {@code "} and {@code \} escaped. */
  static String structuredString(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    text.chars().filter(c -> c >= 0x20 && c <= 0x7e).forEach(c -> {
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append((char) c);
    });
    return quoted.append('"').toString();
  }
}
