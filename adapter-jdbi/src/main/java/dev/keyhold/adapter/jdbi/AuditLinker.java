package dev.keyhold.adapter.jdbi;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that drains {@code audit_queue} into the audit chain for one {@link JdbiAuditLog}: started by
 * the first {@link #wake}, it links everything queued each time it is woken (wake-ups that arrive while it links
 * collapse into one more round), so under load it links in batches as fast as the chain's lock allows and idles
 * otherwise. A round that fails (the database away) is retried with a backoff of up to {@link #MAX_BACKOFF}, logged
 * once per outage; the events wait in the queue meanwhile, and any reader or any other node links them too.
 */
final class AuditLinker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLinker.class);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final IntSupplier linkQueued;
  private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
  private volatile Thread thread;
  private volatile boolean closed;

  /** @param linkQueued links everything queued and answers how many it linked; throws when the store fails */
  AuditLinker(IntSupplier linkQueued) {
    this.linkQueued = linkQueued;
  }

  /** Makes the linker run a round soon; never blocks. */
  void wake() {
    if (thread == null) {
      start();
    }
    wakeUps.offer(Boolean.TRUE);
  }

  private synchronized void start() {
    if (thread == null && !closed) {
      Thread started = new Thread(this::run, "keyhold-audit-linker");
      started.setDaemon(true);
      started.start();
      thread = started;
    }
  }

  private void run() {
    long backoffMillis = 0;
    while (!closed) {
      try {
        if (backoffMillis == 0) {
          wakeUps.take();
        } else {
          wakeUps.poll(backoffMillis, TimeUnit.MILLISECONDS);
        }
        if (closed) {
          return;
        }
        linkQueued.getAsInt();
        if (backoffMillis > 0) {
          LOG.info("Queued audit events are being linked into the chain again");
        }
        backoffMillis = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (backoffMillis == 0) {
          LOG.warn("Could not link queued audit events into the chain; they stay queued and are retried: {}",
              e.getMessage());
        }
        backoffMillis = Math.min(Math.max(backoffMillis * 2, 100), MAX_BACKOFF.toMillis());
      }
    }
  }

  /**
   * Stops the thread after its current round, then links what is still queued once, so that a node shutting down
   * leaves nothing behind when the database is there; a failure then is only logged (the next reader or node links).
   */
  @Override
  public void close() {
    closed = true;
    Thread running = thread;
    if (running != null) {
      wakeUps.offer(Boolean.TRUE);
      try {
        running.join(CLOSE_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        linkQueued.getAsInt();
      } catch (RuntimeException e) {
        LOG.warn("Queued audit events were left for another node to link: {}", e.getMessage());
      }
    }
  }
}
