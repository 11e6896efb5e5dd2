package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.StoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BacklogsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Backlogs backlogs = new Backlogs(registry);

  @AfterEach
  void close() {
    backlogs.close();
  }

  @Test
  void each_sample_reads_both_counts_afresh() {
    AtomicInteger mail = new AtomicInteger(3);
    backlogs.watch(mail::get, () -> 7);

    backlogs.sample();
    assertThat(gauge("keyhold.mail.outbox.backlog")).isEqualTo(3);
    assertThat(gauge("keyhold.link.requests.backlog")).isEqualTo(7);

    mail.set(0);
    backlogs.sample();
    assertThat(gauge("keyhold.mail.outbox.backlog")).isZero();
  }

  @Test
  void a_count_that_cannot_be_read_is_unknown_not_stale() {
    AtomicInteger calls = new AtomicInteger();
    backlogs.watch(() -> {
      if (calls.incrementAndGet() > 1) {
        throw new StoreUnavailableException("PostgreSQL could not count the outbox.", null);
      }
      return 5;
    }, () -> 1);
    backlogs.sample();
    assertThat(gauge("keyhold.mail.outbox.backlog")).isEqualTo(5);

    backlogs.sample();

    assertThat(gauge("keyhold.mail.outbox.backlog")).isNaN();
    assertThat(gauge("keyhold.link.requests.backlog")).isEqualTo(1);
  }

  @Test
  void a_scrape_waits_at_most_the_sample_timeout_for_a_database_that_does_not_answer() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    backlogs.watch(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 2;
    }, () -> 4);

    try {
      long started = System.nanoTime();
      backlogs.sample();
      Duration waited = Duration.ofNanos(System.nanoTime() - started);

      assertThat(waited).isBetween(Backlogs.SAMPLE_TIMEOUT, Backlogs.SAMPLE_TIMEOUT.plusSeconds(2));
      assertThat(gauge("keyhold.mail.outbox.backlog")).isNaN();
      assertThat(gauge("keyhold.link.requests.backlog")).isNaN();
    } finally {
      release.countDown();
    }
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }
}
