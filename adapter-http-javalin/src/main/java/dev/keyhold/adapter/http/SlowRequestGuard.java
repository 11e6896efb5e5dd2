package dev.keyhold.adapter.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1 connection whose request head, or body, has been arriving for longer than the request timeout:
 * Jetty's idle timeout restarts with every byte, so a client sending one byte every few seconds (slowloris) would
 * otherwise hold a connection for hours. Every quarter of the timeout the guard looks at each connection's parser; a
 * request seen mid-head (or mid-body) at two looks a timeout apart, with no new request begun in between, is cut off.
 * So a head or body gets between one and one and a quarter timeouts from the first look that saw it arriving.
 *
 * <p>The parser's state is read from the scheduler's thread while a selector may be parsing: a stale read only
 * delays the decision by one look, since a request that completed moves the parser on and the message count with it.
 */
final class SlowRequestGuard implements Connection.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(SlowRequestGuard.class);

  private final long timeoutNanos;
  private final long periodMillis;
  private final Scheduler scheduler;
  private final Map<Connection, Watch> watched = new ConcurrentHashMap<>();

  SlowRequestGuard(Duration timeout, Scheduler scheduler) {
    this.timeoutNanos = timeout.toNanos();
    this.periodMillis = Math.max(1, timeout.toMillis() / 4);
    this.scheduler = scheduler;
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      Watch watch = new Watch(http);
      watched.put(connection, watch);
      watch.schedule();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    Watch watch = watched.remove(connection);
    if (watch != null) {
      watch.cancel();
    }
  }

  private final class Watch implements Runnable {

    private final HttpConnection connection;
    private long request = -1;
    private long since;
    private volatile Scheduler.Task task;
    private volatile boolean cancelled;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void schedule() {
      if (!cancelled) {
        task = scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
      }
    }

    void cancel() {
      cancelled = true;
      Scheduler.Task scheduled = task;
      if (scheduled != null) {
        scheduled.cancel();
      }
    }

    @Override
    public void run() {
      HttpParser parser = connection.getParser();
      boolean arriving = !parser.isStart() && parser.getState().ordinal() < HttpParser.State.END.ordinal();
      long now = System.nanoTime();
      long messages = connection.getMessagesIn();
      if (!arriving) {
        request = -1;
      } else if (messages != request) {
        request = messages;
        since = now;
      } else if (now - since >= timeoutNanos) {
        // debug, not info: a slowloris flood would otherwise write a line per connection it opened
        LOG.debug("Closed a connection from {}: its request was still arriving after {} ms (parser {})",
            connection.getEndPoint().getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(now - since),
            parser.getState());
        connection.getEndPoint().close();
        return;
      }
      schedule();
    }
  }
}
