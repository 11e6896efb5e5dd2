package dev.keyhold.identity.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Too many attempts: code {@code too_many_attempts} when an account is temporarily locked after failed logins (the
 * same answer for unknown and known emails), {@code rate_limited} when a rate limit is exhausted. Carries how long
 * to wait, and for rate limits the limit that was hit, for {@code Retry-After} and {@code RateLimit} headers.
 */
public final class TooManyRequestsException extends IdentityException {

  /**
   * The limit that was hit.
   *
   * @param policy the limit's name, for example {@code login-ip}
   * @param permits how many requests the window allows
   * @param window the window
   * @param remaining requests left now (0 when refused)
   * @param resetAfter when the window is full again
   */
  public record Limit(String policy, int permits, Duration window, int remaining, Duration resetAfter) {
    public Limit {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(resetAfter, "resetAfter");
    }
  }

  private final Duration retryAfter;
  private final Limit limit;

  private TooManyRequestsException(ErrorCode code, String message, Duration retryAfter, Limit limit) {
    super(code, message);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.limit = limit;
  }

  /** The account is locked for {@code retryAfter}. */
  public static TooManyRequestsException locked(Duration retryAfter) {
    return new TooManyRequestsException(ErrorCode.TOO_MANY_ATTEMPTS,
        "Too many failed attempts. Try again later.", retryAfter, null);
  }

  /** A rate limit is exhausted. */
  public static TooManyRequestsException rateLimited(Duration retryAfter, Limit limit) {
    return new TooManyRequestsException(ErrorCode.RATE_LIMITED, "Too many requests. Try again later.", retryAfter,
        Objects.requireNonNull(limit, "limit"));
  }

  /** How long to wait before trying again; at least one second when rounded up for headers. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The rate limit hit, or empty for a lockout. */
  public Optional<Limit> limit() {
    return Optional.ofNullable(limit);
  }
}
