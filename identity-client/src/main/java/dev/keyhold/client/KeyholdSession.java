package dev.keyhold.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One signed-in session's tokens, kept fresh: {@link #accessToken()} answers a token that is valid for at least the
 * refresh margin, refreshing it first when it is not. Refreshes are single-flight: however many threads find the
 * token due at once, one of them refreshes and the others wait for and share its result, so the refresh token is
 * never presented twice (which Keyhold treats as theft, ending the session: {@code token_reused}).
 *
 * <p>When Keyhold refuses the refresh token ({@code invalid_refresh_token}, {@code token_reused}: the session was
 * ended elsewhere, by a logout, a password reset or an administrator), the session is over: every later call throws
 * that same {@link KeyholdApiException} without asking Keyhold again; sign in anew. A failure to reach Keyhold
 * ({@link KeyholdConnectionException}) leaves the session as it was, and the next call tries again.
 *
 * <p>Thread-safe. Holds its tokens in memory only, logs nothing, and {@link #toString()} shows no token.
 */
public final class KeyholdSession {

  static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(30);

  private static final Set<String> SESSION_OVER = Set.of("invalid_refresh_token", "token_reused");

  /** Exchanges a refresh token for new tokens: {@link KeyholdClient#refresh(String)}, or a stand-in in tests. */
  @FunctionalInterface
  interface Refresher {
    Tokens refresh(String refreshToken);
  }

  /** The current tokens and when to refresh them; or, once Keyhold refused the refresh token, why the session ended. */
  private record State(Tokens tokens, Instant refreshAt, RuntimeException ended) {}

  private final KeyholdClient client;
  private final Refresher refresher;
  private final Clock clock;
  private final Duration margin;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile State state;

  KeyholdSession(KeyholdClient client, Tokens tokens, Refresher refresher, Clock clock, Duration margin) {
    this.client = client;
    this.refresher = Objects.requireNonNull(refresher, "refresher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.margin = Objects.requireNonNull(margin, "margin");
    this.state = fresh(Objects.requireNonNull(tokens, "tokens"), clock.instant());
  }

  /**
   * An access token valid for at least the refresh margin (or half its lifetime, if shorter) from now by this
   * session's clock, refreshing first when the current one is not.
   *
   * @throws KeyholdApiException when Keyhold refused the refresh, now or earlier (the session is over)
   * @throws KeyholdConnectionException when a due refresh could not reach Keyhold (try again later)
   * @throws IllegalStateException after {@link #logout()}
   */
  public String accessToken() {
    State current = state;
    if (current.ended() == null && clock.instant().isBefore(current.refreshAt())) {
      return current.tokens().accessToken();
    }
    return refreshIf(s -> !clock.instant().isBefore(s.refreshAt())).tokens().accessToken();
  }

  /**
   * A replacement for an access token a server refused as expired ({@code invalid_token}): refreshes unless another
   * thread already replaced that token, and answers the current one. Lets many threads that saw the same refusal
   * cause one refresh.
   */
  public String renew(String rejectedAccessToken) {
    Objects.requireNonNull(rejectedAccessToken, "rejectedAccessToken");
    return refreshIf(s -> s.tokens().accessToken().equals(rejectedAccessToken)).tokens().accessToken();
  }

  /**
   * Calls {@code call} with a fresh access token; when it is refused with 401 {@code invalid_token} (expired early,
   * say, by a clock ahead of ours), renews the token once and calls again.
   *
   * <pre>{@code List<Member> members = session.call(token -> client.members(token, orgId));}</pre>
   */
  public <T> T call(Function<String, T> call) {
    String token = accessToken();
    try {
      return call.apply(token);
    } catch (KeyholdApiException e) {
      if (e.status() != 401 || !"invalid_token".equals(e.code())) {
        throw e;
      }
      return call.apply(renew(token));
    }
  }

  /** The signed-in user's profile. */
  public Profile me() {
    return call(requireClient()::me);
  }

  /**
   * The current refresh token, to keep the session across restarts (store it as a secret). Presenting it anywhere
   * else while this session lives spends it under the session's feet.
   */
  public String refreshToken() {
    return current().tokens().refreshToken();
  }

  /** Ends this session at Keyhold; afterwards every call throws {@link IllegalStateException}. Idempotent. */
  public void logout() {
    refreshing.lock();
    try {
      State current = state;
      if (current.ended() != null) {
        return;
      }
      requireClient().logout(current.tokens().refreshToken());
      state = new State(current.tokens(), current.refreshAt(), new IllegalStateException("the session was logged out"));
    } finally {
      refreshing.unlock();
    }
  }

  /** Ends every session of the user, this one included; answers how many. */
  public int logoutEverywhere() {
    int revoked = call(requireClient()::logoutEverywhere);
    refreshing.lock();
    try {
      State current = state;
      state = new State(current.tokens(), current.refreshAt(),
          new IllegalStateException("every session of the user was logged out"));
    } finally {
      refreshing.unlock();
    }
    return revoked;
  }

  /** Whether the session ended: logged out, or its refresh token refused. */
  public boolean isEnded() {
    return state.ended() != null;
  }

  @Override
  public String toString() {
    State current = state;
    return "KeyholdSession[" + (current.ended() != null ? "ended" : "refreshAt=" + current.refreshAt()) + "]";
  }

  private State current() {
    State current = state;
    if (current.ended() != null) {
      throw current.ended();
    }
    return current;
  }

  /** Under the lock: refreshes when {@code due} holds for the state found there, which may be another's result. */
  private State refreshIf(java.util.function.Predicate<State> due) {
    refreshing.lock();
    try {
      State current = current();
      if (!due.test(current)) {
        return current;
      }
      Instant asked = clock.instant();
      Tokens next;
      try {
        next = refresher.refresh(current.tokens().refreshToken());
      } catch (KeyholdApiException e) {
        if (SESSION_OVER.contains(e.code())) {
          state = new State(current.tokens(), current.refreshAt(), e);
        }
        throw e;
      }
      State refreshed = fresh(next, asked);
      state = refreshed;
      return refreshed;
    } finally {
      refreshing.unlock();
    }
  }

  /** Tokens issued at or after {@code asked} are due {@code margin} (at most half their lifetime) before expiry. */
  private State fresh(Tokens tokens, Instant asked) {
    Duration lifetime = tokens.expiresIn();
    Duration ahead = margin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : margin;
    return new State(tokens, asked.plus(lifetime).minus(ahead), null);
  }

  private KeyholdClient requireClient() {
    if (client == null) {
      throw new IllegalStateException("this session has no client");
    }
    return client;
  }
}
