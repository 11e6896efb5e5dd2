package dev.keyhold.identity.testkit;

import static dev.keyhold.identity.testkit.TestTimes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.audit.AuditChain;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.audit.AuditFilter;
import dev.keyhold.identity.model.audit.AuditRecord;
import dev.keyhold.identity.spi.AuditLog;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AuditLog}: every adapter's test extends this class and implements {@link #createEmpty()}.
 * Everything is checked through the port itself: what {@link AuditLog#readChain} and {@link AuditLog#search} give
 * back, and whether {@link AuditChain} accepts every link.
 */
public abstract class AuditLogContract {

  private static final String ADA = "0a0a0000-0000-4000-8000-00000000000a";
  private static final String BOB = "0b0b0000-0000-4000-8000-00000000000b";
  private static final String ACME = "0c0c0000-0000-4000-8000-00000000000c";
  private static final String GLOBEX = "0d0d0000-0000-4000-8000-00000000000d";

  private AuditLog log;

  /**
   * A log that holds no events, called once before each test. A database-backed adapter empties its table here (and
   * may return the same instance every time).
   */
  protected abstract AuditLog createEmpty();

  @BeforeEach
  void createLog() {
    log = createEmpty();
  }

  @Test
  void the_first_record_links_to_the_genesis_hash_and_each_next_one_to_the_record_before() {
    AuditRecord first = log.append(fullyPopulated("register.succeeded"));
    AuditRecord second = log.append(minimal("login.failed"));

    assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(first.hash()).isEqualTo(AuditChain.hash(AuditChain.GENESIS, first.seq(), first.event()));
    assertThat(second.seq()).isGreaterThan(first.seq());
    assertThat(second.previousHash()).isEqualTo(first.hash());
    assertThat(second.hash()).isEqualTo(AuditChain.hash(first.hash(), second.seq(), second.event()));
  }

  @Test
  void appended_records_read_back_in_order_with_every_field() {
    AuditEvent first = fullyPopulated("register.succeeded");
    AuditEvent second = minimal("login.failed");
    AuditEvent third = fullyPopulated("password.changed");
    List<AuditRecord> appended = List.of(log.append(first), log.append(second), log.append(third));

    List<AuditRecord> stored = AuditChains.readAll(log);

    assertThat(stored).containsExactlyElementsOf(appended);
    assertThat(stored).extracting(AuditRecord::event).containsExactly(first, second, third);
    assertThat(AuditChains.firstBreak(stored)).isEmpty();
  }

  @Test
  void appending_the_same_event_twice_keeps_both_with_different_hashes() {
    AuditEvent event = fullyPopulated("login.failed");
    AuditRecord first = log.append(event);
    AuditRecord second = log.append(event);

    assertThat(AuditChains.readAll(log)).containsExactly(first, second);
    assertThat(second.hash()).isNotEqualTo(first.hash());
  }

  @Test
  void records_keep_non_ascii_text_and_microsecond_times() {
    AuditEvent event = new AuditEvent(
        "profile.updated",
        "success",
        UUID.randomUUID().toString(),
        null,
        null,
        new ClientInfo("2001:db8::1", "Navigateur \u00e9t\u00e9 \u2603 \u4e2d\u6587 \ud83d\udd11", "req-\u00fc"),
        T0.plus(999_999, ChronoUnit.MICROS),
        Map.of("display_name", "Zo\u00eb \u2764", "reason", "r\u00e9sum\u00e9", "\u00e9t\u00e9", "\ud83d\ude00"));
    AuditRecord appended = log.append(event);

    assertThat(AuditChains.readAll(log)).containsExactly(appended);
    assertThat(log.search(AuditFilter.none(), Long.MAX_VALUE, 10)).containsExactly(appended);
    assertThat(AuditChains.firstBreak(log)).isEmpty();
  }

  @Test
  void empty_text_is_kept_apart_from_absent_text() {
    AuditEvent empty = new AuditEvent("login.failed", "failure", "", "", "", new ClientInfo("", "", ""), T0,
        Map.of("reason", ""));
    AuditEvent absent = new AuditEvent("login.failed", "failure", null, null, null, ClientInfo.unknown(), T0,
        Map.of());
    AuditRecord first = log.append(empty);
    AuditRecord second = log.append(absent);

    assertThat(AuditChains.readAll(log)).extracting(AuditRecord::event).containsExactly(empty, absent);
    assertThat(AuditChains.readAll(log)).containsExactly(first, second);
    assertThat(AuditChains.firstBreak(log)).isEmpty();
  }

  @Test
  void concurrent_appends_are_all_kept_in_one_unbroken_chain() {
    int threads = 16;
    int eventsPerThread = 25;

    List<Outcome<Void>> outcomes = Concurrently.run(threads, thread -> {
      for (int n = 0; n < eventsPerThread; n++) {
        log.append(numbered(thread, n));
      }
    });

    assertThat(outcomes).allMatch(Outcome::succeeded);
    List<AuditRecord> stored = AuditChains.readAll(log);
    assertThat(stored).hasSize(threads * eventsPerThread);
    assertThat(AuditChains.firstBreak(stored)).as("the chain after concurrent appends").isEmpty();
    assertThat(new HashSet<>(stored.stream().map(AuditRecord::previousHash).toList()))
        .as("no two records link to the same predecessor").hasSize(stored.size());
    for (int thread = 0; thread < threads; thread++) {
      int th = thread;
      String t = String.valueOf(thread);
      List<AuditEvent> ofThread = stored.stream().map(AuditRecord::event)
          .filter(event -> event.details().get("thread").equals(t)).toList();
      List<AuditEvent> appended = IntStream.range(0, eventsPerThread).mapToObj(n -> numbered(th, n)).toList();
      assertThat(ofThread).as("events of thread %s, in append order", t).containsExactlyElementsOf(appended);
    }
  }

  @Test
  void submitted_events_are_linked_in_order_before_the_next_read_with_every_field() {
    AuditEvent first = fullyPopulated("register.succeeded");
    AuditEvent second = minimal("login.failed");
    AuditEvent third = new AuditEvent("profile.updated", "success", "", null, "", new ClientInfo("", null, "req"),
        T0.plus(1, ChronoUnit.MICROS), Map.of("display_name", "Zo\u00eb \ud83d\udd11", "reason", ""));
    log.submit(first);
    log.submit(second);
    log.submit(third);

    List<AuditRecord> stored = AuditChains.readAll(log);

    assertThat(stored).extracting(AuditRecord::event).containsExactly(first, second, third);
    assertThat(stored.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(AuditChains.firstBreak(stored)).isEmpty();
    assertThat(log.search(AuditFilter.none(), Long.MAX_VALUE, 10)).extracting(AuditRecord::event)
        .containsExactly(third, second, first);
  }

  @Test
  void a_submitted_event_is_found_by_a_search_that_starts_after_the_submit() {
    AuditEvent event = event("login.failed", null, ADA, null, T0);
    log.submit(event);

    assertThat(log.search(new AuditFilter(null, ADA, null, null, null, null), Long.MAX_VALUE, 10)).extracting(AuditRecord::event)
        .containsExactly(event);
    assertThat(AuditChains.readAll(log)).hasSize(1);
  }

  @Test
  void an_append_after_submits_links_after_them() {
    log.submit(minimal("login.failed"));
    log.submit(minimal("login.locked"));
    AuditRecord appended = log.append(fullyPopulated("password.changed"));

    List<AuditRecord> stored = AuditChains.readAll(log);

    assertThat(stored).extracting(AuditRecord::event).extracting(AuditEvent::action)
        .containsExactly("login.failed", "login.locked", "password.changed");
    assertThat(stored.get(2)).isEqualTo(appended);
    assertThat(AuditChains.firstBreak(stored)).isEmpty();
  }

  @Test
  void concurrent_submits_and_appends_are_all_linked_once_in_one_unbroken_chain() {
    int threads = 16;
    int eventsPerThread = 25;

    List<Outcome<Void>> outcomes = Concurrently.run(threads, thread -> {
      for (int n = 0; n < eventsPerThread; n++) {
        if ((thread + n) % 5 == 0) {
          log.append(numbered(thread, n));
        } else {
          log.submit(numbered(thread, n));
        }
      }
    });

    assertThat(outcomes).allMatch(Outcome::succeeded);
    List<AuditRecord> stored = AuditChains.readAll(log);
    assertThat(stored).hasSize(threads * eventsPerThread);
    assertThat(AuditChains.firstBreak(stored)).as("the chain after concurrent submits").isEmpty();
    for (int thread = 0; thread < threads; thread++) {
      int th = thread;
      String t = String.valueOf(thread);
      List<AuditEvent> ofThread = stored.stream().map(AuditRecord::event)
          .filter(event -> event.details().get("thread").equals(t)).toList();
      List<AuditEvent> submitted = IntStream.range(0, eventsPerThread).mapToObj(n -> numbered(th, n)).toList();
      assertThat(ofThread).as("events of thread %s, in submit order", t).containsExactlyElementsOf(submitted);
    }
  }

  @Test
  void what_concurrent_appends_return_is_what_is_stored() {
    List<Outcome<AuditRecord>> outcomes = Concurrently.call(8, thread -> log.append(numbered(thread, 0)));

    assertThat(outcomes).allMatch(Outcome::succeeded);
    assertThat(AuditChains.readAll(log))
        .containsExactlyInAnyOrderElementsOf(outcomes.stream().map(Outcome::value).toList());
  }

  @Test
  void reading_the_chain_in_batches_walks_every_record_once_in_seq_order() {
    List<AuditRecord> appended = new ArrayList<>();
    for (int n = 0; n < 7; n++) {
      appended.add(log.append(numbered(0, n)));
    }

    List<AuditRecord> first = log.readChain(0, 3);
    List<AuditRecord> second = log.readChain(first.get(2).seq(), 3);
    List<AuditRecord> third = log.readChain(second.get(2).seq(), 3);

    assertThat(first).containsExactlyElementsOf(appended.subList(0, 3));
    assertThat(second).containsExactlyElementsOf(appended.subList(3, 6));
    assertThat(third).containsExactlyElementsOf(appended.subList(6, 7));
    assertThat(log.readChain(appended.get(6).seq(), 3)).isEmpty();
    assertThat(log.readChain(appended.get(3).seq() - 1, 1)).containsExactly(appended.get(3));
  }

  @Test
  void reading_the_chain_refuses_a_negative_start_and_a_limit_out_of_range() {
    assertThatThrownBy(() -> log.readChain(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.readChain(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.readChain(0, 10_001)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void search_without_a_filter_answers_newest_first_up_to_the_limit() {
    List<AuditRecord> appended = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      appended.add(log.append(numbered(0, n)));
    }

    assertThat(log.search(AuditFilter.none(), Long.MAX_VALUE, 3))
        .containsExactly(appended.get(4), appended.get(3), appended.get(2));
    assertThat(log.search(AuditFilter.none(), Long.MAX_VALUE, 1000)).hasSize(5);
  }

  @Test
  void search_pages_with_before_seq_without_gaps_or_repeats() {
    List<AuditRecord> failures = new ArrayList<>();
    for (int n = 0; n < 14; n++) {
      AuditRecord record = log.append(n % 2 == 0 ? minimal("login.failed") : minimal("login.locked"));
      if (n % 2 == 0) {
        failures.add(record);
      }
    }
    AuditFilter failed = new AuditFilter(null, null, "login.failed", null, null, null);

    List<AuditRecord> seen = new ArrayList<>();
    long before = Long.MAX_VALUE;
    int pages = 0;
    while (pages < 10) {
      List<AuditRecord> found = log.search(failed, before, 3);
      pages++;
      seen.addAll(found);
      if (found.size() < 3) {
        break;
      }
      before = found.get(found.size() - 1).seq();
    }

    Collections.reverse(failures);
    assertThat(seen).containsExactlyElementsOf(failures);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void search_before_a_seq_finds_only_older_records() {
    AuditRecord first = log.append(minimal("login.failed"));
    AuditRecord second = log.append(minimal("login.failed"));
    AuditRecord third = log.append(minimal("login.failed"));

    assertThat(log.search(AuditFilter.none(), third.seq(), 10)).containsExactly(second, first);
    assertThat(log.search(AuditFilter.none(), second.seq(), 10)).containsExactly(first);
    assertThat(log.search(AuditFilter.none(), first.seq(), 10)).isEmpty();
  }

  @Test
  void each_filter_keeps_only_the_events_that_match_it() {
    AuditRecord adaInAcme = log.append(event("org.updated", ADA, ACME, ACME, T0));
    AuditRecord bobInAcme = log.append(event("member.removed", BOB, ADA, ACME, T0.plusSeconds(1)));
    AuditRecord adaAlone = log.append(event("login.succeeded", ADA, ADA, null, T0.plusSeconds(2)));
    AuditRecord bobInGlobex = log.append(event("org.updated", BOB, GLOBEX, GLOBEX, T0.plusSeconds(3)));
    AuditRecord anonymous = log.append(event("login.failed", null, null, null, T0.plusSeconds(4)));

    assertThat(found(new AuditFilter(ADA, null, null, null, null, null)))
        .containsExactly(adaAlone, adaInAcme);
    assertThat(found(new AuditFilter(null, ADA, null, null, null, null)))
        .containsExactly(adaAlone, bobInAcme);
    assertThat(found(new AuditFilter(null, null, "org.updated", null, null, null)))
        .containsExactly(bobInGlobex, adaInAcme);
    assertThat(found(new AuditFilter(null, null, null, ACME, null, null)))
        .containsExactly(bobInAcme, adaInAcme);
    assertThat(found(new AuditFilter(BOB, null, "org.updated", GLOBEX, null, null)))
        .containsExactly(bobInGlobex);
    assertThat(found(new AuditFilter(BOB, ADA, null, GLOBEX, null, null))).isEmpty();
    assertThat(found(new AuditFilter(null, null, "login", null, null, null))).as("whole actions only").isEmpty();
    assertThat(found(new AuditFilter(ADA.toUpperCase(Locale.ROOT), null, null, null, null, null)))
        .as("exact text").isEmpty();
    assertThat(found(AuditFilter.none())).containsExactly(anonymous, bobInGlobex, adaAlone, bobInAcme, adaInAcme);
  }

  @Test
  void the_time_range_includes_its_start_and_excludes_its_end_to_the_microsecond() {
    Instant from = T0.plusSeconds(10);
    Instant to = T0.plusSeconds(20);
    AuditRecord justBefore = log.append(event("a.before", null, null, null, from.minus(1, ChronoUnit.MICROS)));
    AuditRecord atStart = log.append(event("a.start", null, null, null, from));
    AuditRecord inside = log.append(event("a.inside", null, null, null, from.plusSeconds(5)));
    AuditRecord justInside = log.append(event("a.last", null, null, null, to.minus(1, ChronoUnit.MICROS)));
    AuditRecord atEnd = log.append(event("a.end", null, null, null, to));

    assertThat(found(new AuditFilter(null, null, null, null, from, to)))
        .containsExactly(justInside, inside, atStart);
    assertThat(found(new AuditFilter(null, null, null, null, from, null)))
        .containsExactly(atEnd, justInside, inside, atStart);
    assertThat(found(new AuditFilter(null, null, null, null, null, from)))
        .containsExactly(justBefore);
    assertThat(found(new AuditFilter(null, null, null, null, from.plusNanos(1), null)))
        .as("a bound between two microseconds").containsExactly(atEnd, justInside, inside);
  }

  @Test
  void the_time_filter_combines_with_the_other_filters() {
    AuditRecord early = log.append(event("login.failed", null, ADA, null, T0));
    log.append(event("login.succeeded", ADA, ADA, null, T0.plusSeconds(5)));
    AuditRecord late = log.append(event("login.failed", null, ADA, null, T0.plusSeconds(10)));

    assertThat(found(new AuditFilter(null, ADA, "login.failed", null, T0.plusSeconds(1), null)))
        .containsExactly(late);
    assertThat(found(new AuditFilter(null, ADA, "login.failed", null, null, T0.plusSeconds(1))))
        .containsExactly(early);
  }

  @Test
  void search_refuses_a_limit_out_of_range() {
    assertThatThrownBy(() -> log.search(AuditFilter.none(), Long.MAX_VALUE, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.search(AuditFilter.none(), Long.MAX_VALUE, 1001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void search_before_the_first_seq_finds_nothing() {
    log.append(minimal("login.failed"));

    assertThat(log.search(AuditFilter.none(), 1, 10)).isEmpty();
    assertThat(log.search(AuditFilter.none(), 0, 10)).isEmpty();
    assertThat(log.search(AuditFilter.none(), Long.MIN_VALUE, 10)).isEmpty();
  }

  private List<AuditRecord> found(AuditFilter filter) {
    List<AuditRecord> page = log.search(filter, Long.MAX_VALUE, 100);
    List<AuditRecord> expected = new ArrayList<>(AuditChains.readAll(log).stream()
        .filter(record -> filter.matches(record.event())).toList());
    Collections.reverse(expected);
    assertThat(page).as("the store agrees with AuditFilter.matches").containsExactlyElementsOf(expected);
    return page;
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

  private static AuditEvent event(String action, String actor, String target, String org, Instant at) {
    return new AuditEvent(action, "success", actor, target, org, new ClientInfo("192.0.2.1", "ua", "req"), at,
        Map.of());
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
