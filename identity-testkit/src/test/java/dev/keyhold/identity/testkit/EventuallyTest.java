package dev.keyhold.identity.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

  @Test
  void returns_as_soon_as_the_condition_holds() {
    AtomicInteger polls = new AtomicInteger();

    Eventually.await(Duration.ofSeconds(5), () -> polls.incrementAndGet() == 3);

    assertThat(polls).hasValue(3);
  }

  @Test
  void fails_when_the_condition_still_does_not_hold_at_the_timeout() {
    AtomicInteger polls = new AtomicInteger();

    assertThatThrownBy(() -> Eventually.await(Duration.ofMillis(100), () -> polls.incrementAndGet() < 0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("PT0.1S");
    assertThat(polls.get()).isBetween(2, 100);
  }

  @Test
  void errors_thrown_by_the_condition_propagate_at_once() {
    AtomicInteger polls = new AtomicInteger();

    assertThatThrownBy(() -> Eventually.await(Duration.ofSeconds(5), () -> {
      polls.incrementAndGet();
      throw new AssertionError("boom");
    })).hasMessage("boom");
    assertThat(polls).hasValue(1);
  }
}
