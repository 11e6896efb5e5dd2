package dev.keyhold.identity.core.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.IdentityEventListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private static final IdentityEvent EVENT =
      new IdentityEvent.UserRegistered(new UserId(UUID.randomUUID()), "ada@example.com", Instant.EPOCH);

  /** A scheduler the test drives: tasks wait until {@link #runDue()} runs them, delays are recorded. */
  private static final class ManualScheduler implements ListenerRetries.Scheduler {
    final List<Runnable> tasks = new ArrayList<>();
    final List<Duration> delays = new ArrayList<>();

    @Override
    public void schedule(Runnable task, Duration delay) {
      tasks.add(task);
      delays.add(delay);
    }

    void runDue() {
      List<Runnable> due = new ArrayList<>(tasks);
      tasks.clear();
      due.forEach(Runnable::run);
    }
  }

  /** Fails its first {@code failures} calls, then records the events it is told about. */
  private static final class FlakyListener implements IdentityEventListener {
    final List<UUID> delivered = new ArrayList<>();
    int calls;
    private final int failures;

    FlakyListener(int failures) {
      this.failures = failures;
    }

    @Override
    public void on(IdentityEvent event) {
      calls++;
      if (calls <= failures) {
        throw new IllegalStateException("receiver down");
      }
      delivered.add(event.id());
    }
  }

  private final ManualScheduler scheduler = new ManualScheduler();

  @Test
  void a_listener_failing_twice_then_succeeding_gets_the_event_exactly_once_with_its_id() {
    FlakyListener flaky = new FlakyListener(2);
    EventPublisher publisher = new EventPublisher(List.of(flaky),
        new ListenerRetries(ListenerRetries.Policy.DEFAULT, scheduler));

    publisher.publish(EVENT);
    assertThat(flaky.delivered).isEmpty();
    scheduler.runDue();
    assertThat(flaky.delivered).isEmpty();
    scheduler.runDue();

    assertThat(flaky.delivered).containsExactly(EVENT.id());
    assertThat(flaky.calls).isEqualTo(3);
    assertThat(scheduler.tasks).isEmpty();
    assertThat(scheduler.delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void a_failing_listener_does_not_keep_the_others_from_the_event() {
    FlakyListener failing = new FlakyListener(1);
    FlakyListener healthy = new FlakyListener(0);
    EventPublisher publisher = new EventPublisher(List.of(failing, healthy),
        new ListenerRetries(ListenerRetries.Policy.DEFAULT, scheduler));

    publisher.publish(EVENT);

    assertThat(healthy.delivered).containsExactly(EVENT.id());
    scheduler.runDue();
    assertThat(failing.delivered).containsExactly(EVENT.id());
    assertThat(healthy.calls).isEqualTo(1);
  }

  @Test
  void an_event_is_dropped_once_its_attempts_are_used_up() {
    FlakyListener broken = new FlakyListener(Integer.MAX_VALUE);
    EventPublisher publisher = new EventPublisher(List.of(broken),
        new ListenerRetries(new ListenerRetries.Policy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 10),
            scheduler));

    publisher.publish(EVENT);
    scheduler.runDue();
    scheduler.runDue();
    scheduler.runDue();

    assertThat(broken.calls).isEqualTo(3);
    assertThat(scheduler.tasks).isEmpty();
  }

  @Test
  void failures_beyond_the_capacity_are_dropped_not_queued() {
    FlakyListener broken = new FlakyListener(Integer.MAX_VALUE);
    ListenerRetries retries =
        new ListenerRetries(new ListenerRetries.Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(10), 2), scheduler);
    EventPublisher publisher = new EventPublisher(List.of(broken), retries);

    for (int i = 0; i < 5; i++) {
      publisher.publish(new IdentityEvent.ProfileUpdated(new UserId(UUID.randomUUID()), Instant.EPOCH));
    }

    assertThat(scheduler.tasks).hasSize(2);
    assertThat(retries.waiting()).isEqualTo(2);
  }

  @Test
  void the_wait_doubles_up_to_the_cap() {
    ListenerRetries.Policy policy = new ListenerRetries.Policy(10, Duration.ofSeconds(1), Duration.ofSeconds(5), 1);

    assertThat(List.of(2, 3, 4, 5, 6).stream().map(policy::delayBefore)).containsExactly(Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }
}
