package dev.keyhold.identity.core.internal.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.FailingProtectionStores;
import dev.keyhold.identity.core.crypto.EmailPseudonyms;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.internal.audit.Auditor;
import dev.keyhold.identity.core.protection.ProtectionSettings;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.spi.EphemeralStore;
import dev.keyhold.identity.spi.LockoutStore;
import dev.keyhold.identity.spi.ProtectionStores;
import dev.keyhold.identity.spi.RateLimiter;
import dev.keyhold.identity.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link Protection} on its own: outage handling, its warnings, and the compare-and-set loop. */
class ProtectionTest {

  private static final Email EMAIL = Email.parse("grace@example.com");
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test-agent", "req-1");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
  private final MemoryProtectionStores memory = MemoryProtectionStores.create(clock);
  private final MemoryStores stores = MemoryStores.create();
  private final RecordingLogger log = new RecordingLogger();

  private Protection protection(ProtectionStores protectionStores, boolean failOpen) {
    return new Protection(protectionStores, ProtectionSettings.defaults().withFailOpen(failOpen),
        new Auditor(stores.auditLog(), clock), clock,
        new RefusalTargets(email -> Optional.empty(), EmailPseudonyms.derivedFrom(KeyEncryption.generate())), log);
  }

  private Optional<LockoutStore.State> counters() {
    return memory.lockouts().get(EMAIL.normalized());
  }

  @Test
  void failing_open_warns_at_most_once_a_minute_without_naming_an_email_or_address() {
    FailingProtectionStores failing = new FailingProtectionStores(memory);
    Protection protection = protection(failing, true);
    failing.failEverything();

    for (int i = 0; i < 10; i++) {
      protection.checkLogin(EMAIL, CLIENT);
      protection.loginFailed(EMAIL, null, CLIENT);
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(log.warnings).hasSize(1);
    clock.advance(Duration.ofSeconds(10));
    protection.checkLogin(EMAIL, CLIENT);

    assertThat(log.warnings).hasSize(2);
    assertThat(log.warnings.get(0)).contains("unavailable", "failOpen");
    // each round skipped four store calls (two rate limits, the lockout check, the failure count): 40, one logged
    assertThat(log.warnings.get(1)).contains("39 similar warnings suppressed");
    assertThat(log.thrown).allSatisfy(e -> assertThat(e).isInstanceOf(StoreUnavailableException.class));
    assertThat(String.join("\n", log.warnings)).doesNotContain("grace", "example.com", "203.0.113.7");
  }

  @Test
  void failing_closed_rethrows_without_logging() {
    FailingProtectionStores failing = new FailingProtectionStores(memory);
    Protection protection = protection(failing, false);
    failing.failEverything();

    assertThatThrownBy(() -> protection.checkLogin(EMAIL, CLIENT)).isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> protection.loginFailed(EMAIL, null, CLIENT))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> protection.check(RateLimits.REGISTER_ACCOUNT, EMAIL.normalized(), CLIENT))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(log.warnings).isEmpty();
  }

  @Test
  void a_failure_that_loses_races_to_other_nodes_is_retried_so_every_failure_counts() {
    RacingStores racing = new RacingStores(memory, 3);

    protection(racing, false).loginFailed(EMAIL, null, CLIENT);

    assertThat(counters()).get().extracting(LockoutStore.State::failures).isEqualTo(4);
    assertThat(racing.replaceCalls).isEqualTo(4);
    assertThat(log.warnings).isEmpty();
  }

  @Test
  void a_failure_is_given_up_after_a_bounded_number_of_lost_races() {
    RacingStores racing = new RacingStores(memory, Integer.MAX_VALUE);
    racing.othersWrite = false;

    protection(racing, false).loginFailed(EMAIL, null, CLIENT);

    assertThat(racing.replaceCalls).isEqualTo(Protection.MAX_UPDATE_ATTEMPTS);
    assertThat(counters()).isEmpty();
    assertThat(log.warnings).singleElement().asString().contains("races");
  }

  /** Memory stores where another node's failure lands between each read and write, {@code races} times. */
  private static final class RacingStores implements ProtectionStores {
    private final MemoryProtectionStores delegate;
    private int racesLeft;
    boolean othersWrite = true;
    int replaceCalls;

    RacingStores(MemoryProtectionStores delegate, int races) {
      this.delegate = delegate;
      this.racesLeft = races;
    }

    @Override
    public RateLimiter rateLimiter() {
      return delegate.rateLimiter();
    }

    @Override
    public LockoutStore lockouts() {
      LockoutStore real = delegate.lockouts();
      return new LockoutStore() {
        @Override
        public Optional<State> get(String key) {
          return real.get(key);
        }

        @Override
        public boolean replace(String key, long expectedVersion, State next, Duration ttl) {
          replaceCalls++;
          if (racesLeft > 0) {
            racesLeft--;
            if (othersWrite) {
              Optional<State> current = real.get(key);
              State theirs = new State(current.map(State::failures).orElse(0) + 1, 0, null, 0);
              assertThat(real.replace(key, current.map(State::version).orElse(0L), theirs, ttl)).isTrue();
            } else {
              return false;
            }
          }
          return real.replace(key, expectedVersion, next, ttl);
        }

        @Override
        public void reset(String key) {
          real.reset(key);
        }
      };
    }

    @Override
    public EphemeralStore ephemeral() {
      return delegate.ephemeral();
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }

  /** Keeps what is logged at WARNING and above. */
  private static final class RecordingLogger implements System.Logger {
    final List<String> warnings = new ArrayList<>();
    final List<Throwable> thrown = new ArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable error) {
      if (level.getSeverity() >= Level.WARNING.getSeverity()) {
        warnings.add(msg);
        if (error != null) {
          thrown.add(error);
        }
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      log(level, bundle, format, (Throwable) null);
    }

    @Override
    public void log(Level level, Supplier<String> msgSupplier) {
      log(level, null, msgSupplier.get(), (Throwable) null);
    }
  }
}
