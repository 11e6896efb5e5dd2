package dev.keyhold.identity.core.internal.event;

import dev.keyhold.identity.model.event.IdentityEvent;
import dev.keyhold.identity.spi.IdentityEventListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls a listener that failed on an event again, later, with the same event, until it succeeds or has failed
 * {@link Policy#maxAttempts()} times in all. The waits grow exponentially from {@link Policy#firstDelay()} to at most
 * {@link Policy#maxDelay()}. At most {@link Policy#capacity()} retries wait at once; a failure beyond that, and an
 * event whose attempts are used up, are dropped and logged with the event's id and type (never its content).
 *
 * <p>Retries live in memory: they are lost when the process stops. Receivers that must not miss an event use a
 * durable outbox (the webhooks do: their listener only enqueues a row, which is quick and rarely fails).
 */
public final class ListenerRetries {

  private static final System.Logger LOG = System.getLogger(ListenerRetries.class.getName());

  /**
   * When and how often to retry.
   *
   * @param maxAttempts calls in all, the first (failed) one included; at least 1
   * @param firstDelay the wait before the first retry
   * @param maxDelay the longest wait between two attempts
   * @param capacity the most retries waiting at once
   */
  public record Policy(int maxAttempts, Duration firstDelay, Duration maxDelay, int capacity) {

    /** 8 attempts over about four minutes (1 s, 2 s, 4 s ... up to 1 min apart), up to 10,000 waiting. */
    public static final Policy DEFAULT = new Policy(8, Duration.ofSeconds(1), Duration.ofMinutes(1), 10_000);

    public Policy {
      if (maxAttempts < 1 || capacity < 0) {
        throw new IllegalArgumentException("maxAttempts must be at least 1 and capacity not negative");
      }
      Objects.requireNonNull(firstDelay, "firstDelay");
      Objects.requireNonNull(maxDelay, "maxDelay");
      if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
        throw new IllegalArgumentException("need 0 <= firstDelay <= maxDelay");
      }
    }

    /** The wait before attempt {@code attempt} (2 is the first retry): doubling from {@link #firstDelay}, capped. */
    public Duration delayBefore(int attempt) {
      Duration delay = firstDelay;
      for (int i = 2; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
        delay = delay.multipliedBy(2);
      }
      return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
  }

  /** Runs a task after a delay; the default is one daemon thread, tests run them by hand. */
  public interface Scheduler {
    void schedule(Runnable task, Duration delay);
  }

  private final Policy policy;
  private final Scheduler scheduler;
  private final AtomicInteger waiting = new AtomicInteger();

  public ListenerRetries(Policy policy, Scheduler scheduler) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  /** The default policy on a daemon thread of its own, started when the first retry is scheduled. */
  public static ListenerRetries create() {
    return new ListenerRetries(Policy.DEFAULT, new DaemonScheduler());
  }

  /** No retries: a failure is logged and dropped (for publishers without listeners). */
  public static ListenerRetries none() {
    return new ListenerRetries(new Policy(1, Duration.ZERO, Duration.ZERO, 0), (task, delay) -> {
      throw new IllegalStateException("no retries");
    });
  }

  /** How many retries are waiting now. */
  public int waiting() {
    return waiting.get();
  }

  /** {@code listener} failed on {@code event} at its first attempt: retries it, or drops it when full. */
  void failed(IdentityEventListener listener, IdentityEvent event, RuntimeException failure) {
    retryOrDrop(listener, event, 1, failure);
  }

  private void retryOrDrop(IdentityEventListener listener, IdentityEvent event, int attemptsMade,
      RuntimeException failure) {
    String name = listener.getClass().getName();
    if (attemptsMade >= policy.maxAttempts()) {
      LOG.log(Level.ERROR, "Event listener " + name + " failed " + attemptsMade + " times on event " + event.id()
          + " (" + event.type() + "); dropped", failure);
      return;
    }
    if (waiting.incrementAndGet() > policy.capacity()) {
      waiting.decrementAndGet();
      LOG.log(Level.ERROR, "Event listener " + name + " failed on event " + event.id() + " (" + event.type()
          + ") and " + policy.capacity() + " retries are already waiting; dropped", failure);
      return;
    }
    int attempt = attemptsMade + 1;
    Duration delay = policy.delayBefore(attempt);
    LOG.log(Level.WARNING, "Event listener " + name + " failed on event " + event.id() + " (" + event.type()
        + "), attempt " + attemptsMade + " of " + policy.maxAttempts() + "; retrying in " + delay + ": "
        + failure);
    scheduler.schedule(() -> {
      waiting.decrementAndGet();
      try {
        listener.on(event);
      } catch (RuntimeException e) {
        retryOrDrop(listener, event, attempt, e);
      }
    }, delay);
  }

  /** One daemon thread, made on first use. */
  private static final class DaemonScheduler implements Scheduler {

    private ScheduledExecutorService executor;

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
      if (executor == null) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
          Thread thread = new Thread(runnable, "keyhold-listener-retries");
          thread.setDaemon(true);
          return thread;
        });
      }
      executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
