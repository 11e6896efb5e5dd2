package dev.keyhold.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail outbox and link-request backlogs as gauges. Both are counts in PostgreSQL, read once per scrape (not per
 * gauge read, and not on a timer nobody looks at) and given at most {@link #SAMPLE_TIMEOUT}: a scrape never waits out
 * the database's own timeouts. A count that could not be read is NaN, never a stale number.
 */
final class Backlogs implements AutoCloseable {

  static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(Backlogs.class);

  private final MeterRegistry registry;
  /** Daemon, so that a query that never returns cannot keep the JVM alive. */
  private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "keyhold-metrics-backlogs");
    thread.setDaemon(true);
    return thread;
  });
  private volatile IntSupplier unsentMail;
  private volatile IntSupplier waitingLinkRequests;
  private volatile double mail = Double.NaN;
  private volatile double linkRequests = Double.NaN;
  private Future<?> inFlight;

  Backlogs(MeterRegistry registry) {
    this.registry = registry;
  }

  void watch(IntSupplier unsentMail, IntSupplier waitingLinkRequests) {
    this.unsentMail = unsentMail;
    this.waitingLinkRequests = waitingLinkRequests;
    Gauge.builder("keyhold.mail.outbox.backlog", this, backlogs -> backlogs.mail)
        .description("Mail messages queued and not yet sent (NaN when the database did not answer)")
        .register(registry);
    Gauge.builder("keyhold.link.requests.backlog", this, backlogs -> backlogs.linkRequests)
        .description("Password-reset and verification-resend requests not yet handled (NaN when unknown)")
        .register(registry);
  }

  /**
   * Reads both counts, waiting at most {@link #SAMPLE_TIMEOUT}. Concurrent scrapes share one read; a read still
   * running from an earlier scrape is waited for rather than doubled.
   */
  void sample() {
    if (unsentMail == null) {
      return;
    }
    Future<?> read;
    synchronized (this) {
      if (inFlight == null || inFlight.isDone()) {
        try {
          inFlight = reader.submit(this::read);
        } catch (RejectedExecutionException closed) {
          return;
        }
      }
      read = inFlight;
    }
    try {
      read.get(SAMPLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      mail = Double.NaN;
      linkRequests = Double.NaN;
      LOG.debug("The backlog counts took longer than {}; reporting them unknown", SAMPLE_TIMEOUT);
    } catch (ExecutionException e) {
      LOG.debug("Reading the backlog counts failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read() {
    mail = count(unsentMail);
    linkRequests = count(waitingLinkRequests);
  }

  private static double count(IntSupplier source) {
    try {
      return source.getAsInt();
    } catch (RuntimeException e) {
      LOG.debug("A backlog count could not be read", e);
      return Double.NaN;
    }
  }

  @Override
  public void close() {
    reader.shutdownNow();
  }
}
