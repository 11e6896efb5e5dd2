package dev.keyhold.identity.core.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.token.RefreshSession;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.RefreshTokenRepository;
import dev.keyhold.identity.testkit.MutableClock;
import dev.keyhold.identity.testkit.TestTokens;
import dev.keyhold.identity.testkit.TestUsers;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionValidityTest {

  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final UserId user = TestUsers.newId();
  private final RefreshSession session = TestTokens.session(user, T0);
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicReference<Runnable> duringRead = new AtomicReference<>(() -> { });
  private final SessionValidity validity = new SessionValidity(counting(), Duration.ofSeconds(1), clock);

  /** A repository holding {@link #session}, counting reads and running {@link #duringRead} inside each. */
  private RefreshTokenRepository counting() {
    return (RefreshTokenRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {RefreshTokenRepository.class}, (proxy, method, args) -> {
          if (!method.getName().equals("findSession")) {
            throw new UnsupportedOperationException(method.getName());
          }
          reads.incrementAndGet();
          duringRead.get().run();
          return args[0].equals(session.id()) ? Optional.of(session) : Optional.empty();
        });
  }

  @Test
  void an_active_session_is_read_once_per_ttl_and_checked_against_the_subject() {
    assertThat(validity.isActive(session.id(), user.toString())).isTrue();
    assertThat(validity.isActive(session.id(), user.toString())).isTrue();
    assertThat(validity.isActive(session.id(), TestUsers.newId().toString())).as("another user's token").isFalse();
    assertThat(reads).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(validity.isActive(session.id(), user.toString())).isTrue();
    assertThat(reads).hasValue(2);
  }

  @Test
  void a_forgotten_session_is_read_again_at_once() {
    validity.isActive(session.id(), user.toString());

    validity.forget(session.id());
    validity.isActive(session.id(), user.toString());

    assertThat(reads).hasValue(2);
  }

  @Test
  void what_a_check_read_while_a_revocation_ran_is_not_remembered() {
    duringRead.set(() -> validity.forgetUser(user)); // a revocation lands between the read and the remembering

    validity.isActive(session.id(), user.toString());
    duringRead.set(() -> { });
    validity.isActive(session.id(), user.toString());

    assertThat(reads).as("the second check read again").hasValue(2);
  }

  @Test
  void an_unknown_or_expired_session_is_inactive() {
    assertThat(validity.isActive(new SessionId(UUID.randomUUID()), user.toString())).isFalse();
    clock.advance(Duration.between(T0, session.expiresAt()));
    assertThat(validity.isActive(session.id(), user.toString())).isFalse();
  }

  @Test
  void a_zero_ttl_remembers_nothing() {
    SessionValidity strict = new SessionValidity(counting(), Duration.ZERO, clock);

    strict.isActive(session.id(), user.toString());
    strict.isActive(session.id(), user.toString());

    assertThat(reads).hasValue(2);
  }
}
