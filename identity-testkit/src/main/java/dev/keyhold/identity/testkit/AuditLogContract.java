package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AuditLog}: every adapter's test extends this class and implements {@link #newAuditLog()}.
 *
 * <p>The port can only append, so without help the contract can only check that valid events are accepted. An
 * adapter that can read its events back overrides {@link #readBack(AuditLog)}; the tests that check what was stored
 * are skipped (not failed) for adapters that do not.
 */
public abstract class AuditLogContract {

  private AuditLog log;

  /**
   * A log that holds no events, called once before each test. A database-backed adapter empties its table here (and
   * may return the same instance every time).
   */
  protected abstract AuditLog newAuditLog();

  /**
   * Every event {@code log} holds, in the order they were appended, or empty when this adapter cannot read events
   * back (the default); the read-back tests are then skipped.
   *
   * @param log the log returned by the last call of {@link #newAuditLog()}
   */
  protected Optional<List<AuditEvent>> readBack(AuditLog log) {
    return Optional.empty();
  }

  @BeforeEach
  void createLog() {
    log = newAuditLog();
  }

  @Test
  void appending_a_fully_populated_event_is_accepted() {
    AuditEvent event = fullyPopulated("login.succeeded");

    assertThatCode(() -> log.append(event)).doesNotThrowAnyException();
  }

  @Test
  void appending_an_event_with_only_the_required_fields_is_accepted() {
    AuditEvent event = minimal("register.failed");

    assertThatCode(() -> log.append(event)).doesNotThrowAnyException();
  }

  @Test
  void appending_the_same_event_twice_is_accepted() {
    AuditEvent event = fullyPopulated("login.failed");

    assertThatCode(() -> {
      log.append(event);
      log.append(event);
    }).doesNotThrowAnyException();
  }

  @Test
  void appended_events_read_back_in_order_with_every_field() {
    AuditEvent first = fullyPopulated("register.succeeded");
    AuditEvent second = minimal("login.failed");
    AuditEvent third = fullyPopulated("password.changed");
    log.append(first);
    log.append(second);
    log.append(third);

    assertThat(readBackOrSkip()).containsExactly(first, second, third);
  }

  @Test
  void appending_the_same_event_twice_keeps_both() {
    AuditEvent event = fullyPopulated("login.failed");
    log.append(event);
    log.append(event);

    assertThat(readBackOrSkip()).containsExactly(event, event);
  }

  @Test
  void events_keep_non_ascii_text_and_microsecond_times() {
    AuditEvent event = new AuditEvent(
        "profile.updated",
        "success",
        UUID.randomUUID().toString(),
        null,
        null,
        new ClientInfo("2001:db8::1", "Navigateur \u00e9t\u00e9 \u2603 \u4e2d\u6587", "req-\u00fc"),
        T0.plus(999_999, ChronoUnit.MICROS),
        Map.of("display_name", "Zo\u00eb \u2764", "reason", "r\u00e9sum\u00e9"));
    log.append(event);

    assertThat(readBackOrSkip()).containsExactly(event);
  }

  @Test
  void concurrent_appends_are_all_accepted_and_kept() {
    int threads = 16;
    int eventsPerThread = 25;

    List<Outcome<Void>> outcomes = Concurrently.run(threads, thread -> {
      for (int n = 0; n < eventsPerThread; n++) {
        log.append(numbered(thread, n));
      }
    });

    assertThat(outcomes).allMatch(Outcome::succeeded);
    List<AuditEvent> stored = readBackOrSkip();
    assertThat(stored).hasSize(threads * eventsPerThread);
    assertThat(new HashSet<>(stored)).hasSize(threads * eventsPerThread);
    for (int thread = 0; thread < threads; thread++) {
      int t = thread;
      List<AuditEvent> ofThread =
          stored.stream().filter(event -> event.details().get("thread").equals(String.valueOf(t))).toList();
      List<AuditEvent> appended = IntStream.range(0, eventsPerThread).mapToObj(n -> numbered(t, n)).toList();
      assertThat(ofThread).as("events of thread %d, in append order", t).containsExactlyElementsOf(appended);
    }
  }

  private List<AuditEvent> readBackOrSkip() {
    Optional<List<AuditEvent>> events = readBack(log);
    Assumptions.assumeTrue(events.isPresent(), "this adapter cannot read audit events back");
    return events.orElseThrow();
  }

  private static AuditEvent fullyPopulated(String action) {
    return new AuditEvent(
        action,
        "success",
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        new ClientInfo("203.0.113.7", "KeyholdTest/1.0", "req-" + UUID.randomUUID()),
        T0.plusSeconds(1),
        Map.of("reason", "bad_password", "attempt", "3"));
  }

  private static AuditEvent minimal(String action) {
    return new AuditEvent(action, "failure", null, null, null, ClientInfo.unknown(), T0, Map.of());
  }

  private static AuditEvent numbered(int thread, int n) {
    return new AuditEvent(
        "login.succeeded",
        "success",
        null,
        null,
        null,
        ClientInfo.unknown(),
        T0.plus(n, ChronoUnit.MICROS),
        Map.of("thread", String.valueOf(thread), "n", String.valueOf(n)));
  }
}
