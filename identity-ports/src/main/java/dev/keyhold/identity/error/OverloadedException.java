package dev.keyhold.identity.error;

import java.time.Duration;
import java.util.Objects;

/**
 * Code {@code overloaded}: the node is doing as much expensive work (password hashing) as it is allowed to, and the
 * request was refused before any of that work began. Nothing was changed and nothing was counted (a refused login is
 * not a failed login). The caller may retry after {@link #retryAfter()}.
 */
public final class OverloadedException extends IdentityException {

  private final Duration retryAfter;

  public OverloadedException(Duration retryAfter) {
    super(ErrorCode.OVERLOADED, "The service is busy. Try again shortly.", true);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** How long to wait before trying again; at least one second when rounded up for headers. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
