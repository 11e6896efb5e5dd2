package dev.keyhold.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The session's refresh decisions against a controllable clock and a refresher that counts and can hold. */
class KeyholdSessionTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));

  /** Hands out access-N/refresh-N, refusing any refresh token but the newest, as Keyhold does. */
  private static final class CountingRefresher implements KeyholdSession.Refresher {
    final AtomicInteger calls = new AtomicInteger();
    final Set<String> presented = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch entered = new CountDownLatch(0);
    volatile CountDownLatch release = new CountDownLatch(0);
    volatile RuntimeException failure;

    @Override
    public Tokens refresh(String refreshToken) {
      int n = calls.incrementAndGet();
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
      if (!presented.add(refreshToken)) {
        throw problem("token_reused");
      }
      return tokens(n);
    }
  }

  private final CountingRefresher refresher = new CountingRefresher();

  @Test
  void a_fresh_token_is_handed_out_without_refreshing() {
    KeyholdSession session = session();
    clock.advance(Duration.ofSeconds(869));
    assertThat(session.accessToken()).isEqualTo("access-0");
    assertThat(refresher.calls).hasValue(0);
  }

  @Test
  void the_token_is_refreshed_the_margin_before_it_expires() {
    KeyholdSession session = session();
    clock.advance(Duration.ofSeconds(870)); // 900 s tokens, 30 s margin
    assertThat(session.accessToken()).isEqualTo("access-1");
    assertThat(session.refreshToken()).isEqualTo("refresh-1");
    assertThat(session.accessToken()).isEqualTo("access-1");
    assertThat(refresher.calls).hasValue(1);
  }

  @Test
  void the_margin_is_at_most_half_a_short_lifetime() {
    KeyholdSession session = new KeyholdSession(null, new Tokens("access-0", "Bearer", Duration.ofSeconds(40),
        "refresh-0", List.of()), refresher, clock, Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(19));
    assertThat(session.accessToken()).isEqualTo("access-0");
    clock.advance(Duration.ofSeconds(1));
    assertThat(session.accessToken()).isEqualTo("access-1");
  }

  @Test
  void many_threads_needing_a_token_at_once_cause_one_refresh() throws Exception {
    KeyholdSession session = session();
    clock.advance(Duration.ofSeconds(900));
    refresher.entered = new CountDownLatch(1);
    refresher.release = new CountDownLatch(1);
    int threads = 32;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> tokens = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        tokens.add(pool.submit((Callable<String>) () -> {
          start.await();
          return session.accessToken();
        }));
      }
      start.countDown();
      assertThat(refresher.entered.await(10, TimeUnit.SECONDS)).isTrue();
      // every thread is now inside accessToken(), the refreshing one held in the refresher; let it finish
      refresher.release.countDown();
      for (Future<String> token : tokens) {
        assertThat(token.get(10, TimeUnit.SECONDS)).isEqualTo("access-1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(refresher.calls).hasValue(1);
    assertThat(session.isEnded()).isFalse();
  }

  @Test
  void renewing_a_rejected_token_refreshes_once_for_every_thread_that_saw_it() {
    KeyholdSession session = session();
    assertThat(session.renew("access-0")).isEqualTo("access-1");
    assertThat(session.renew("access-0")).as("already replaced").isEqualTo("access-1");
    assertThat(refresher.calls).hasValue(1);
  }

  @Test
  void a_call_refused_with_invalid_token_is_retried_once_with_a_renewed_token() {
    KeyholdSession session = session();
    List<String> seen = new ArrayList<>();
    String answer = session.call(token -> {
      seen.add(token);
      if (token.equals("access-0")) {
        throw problem(401, "invalid_token");
      }
      return "ok";
    });
    assertThat(answer).isEqualTo("ok");
    assertThat(seen).containsExactly("access-0", "access-1");
    assertThatThrownBy(() -> session.call(token -> {
      throw problem(403, "forbidden");
    })).isInstanceOfSatisfying(KeyholdApiException.class, e -> assertThat(e.code()).isEqualTo("forbidden"));
    assertThat(refresher.calls).as("a 403 is no reason to refresh").hasValue(1);
  }

  @Test
  void a_refused_refresh_token_ends_the_session_for_good() {
    KeyholdSession session = session();
    refresher.failure = problem("invalid_refresh_token");
    clock.advance(Duration.ofSeconds(900));
    assertThatThrownBy(session::accessToken).isInstanceOfSatisfying(KeyholdApiException.class,
        e -> assertThat(e.code()).isEqualTo("invalid_refresh_token"));
    refresher.failure = null;
    assertThatThrownBy(session::accessToken).isInstanceOf(KeyholdApiException.class);
    assertThat(refresher.calls).as("no second try at a dead session").hasValue(1);
    assertThat(session.isEnded()).isTrue();
  }

  @Test
  void a_connection_failure_leaves_the_session_to_try_again() {
    KeyholdSession session = session();
    refresher.failure = new KeyholdConnectionException("refused", null);
    clock.advance(Duration.ofSeconds(900));
    assertThatThrownBy(session::accessToken).isInstanceOf(KeyholdConnectionException.class);
    refresher.failure = null;
    assertThat(session.accessToken()).isEqualTo("access-2");
    assertThat(session.isEnded()).isFalse();
  }

  @Test
  void tokens_never_show_in_to_string() {
    KeyholdSession session = session();
    assertThat(session.toString()).doesNotContain("access-0").doesNotContain("refresh-0");
    assertThat(tokens(0).toString()).doesNotContain("access-0").doesNotContain("refresh-0");
    assertThat(new LoginResult.TwoFactorRequired("mfa-secret", Duration.ofMinutes(5), List.of("totp")).toString())
        .doesNotContain("mfa-secret");
    assertThat(new OrganizationToken("org-access", "Bearer", Duration.ofMinutes(15), List.of(), "o").toString())
        .doesNotContain("org-access");
  }

  private KeyholdSession session() {
    return new KeyholdSession(null, tokens(0), refresher, clock, Duration.ofSeconds(30));
  }

  private static Tokens tokens(int n) {
    return new Tokens("access-" + n, "Bearer", Duration.ofSeconds(900), "refresh-" + n, List.of());
  }

  private static KeyholdApiException problem(String code) {
    return problem(401, code);
  }

  private static KeyholdApiException problem(int status, String code) {
    return new KeyholdApiException("POST /api/v1/refresh", status, code, null, "req-1", List.of(), null);
  }
}
