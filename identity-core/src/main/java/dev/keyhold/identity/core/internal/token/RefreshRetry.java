package dev.keyhold.identity.core.internal.token;

import dev.keyhold.identity.model.token.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a used refresh token may be presented once more, as the retry of a refresh whose answer was lost: a
 * refresh can commit and still fail to reach its client (PostgreSQL dies after the commit and the server answers 503,
 * a connection drops), and that client holds only the used token. Within {@code grace} of the token's use it may
 * retry; the store then checks that the successor it never received is still unused, and supersedes it. A token that
 * was itself superseded never qualifies: its holder is the other party of a retry, and presenting it is a reuse.
 *
 * @param grace how long after its use a token may be retried; zero makes rotation strict
 */
public record RefreshRetry(Duration grace) {

  public RefreshRetry {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
  }

  /** Whether {@code presented}, a used token, may be retried at {@code now}. */
  public boolean allows(RefreshToken presented, Instant now) {
    return presented.used() && !presented.superseded() && !grace.isZero()
        && !now.isAfter(presented.usedAt().plus(grace));
  }
}
