package dev.keyhold.adapter.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Counts the requests being handled, so that a graceful stop waits for them. Unlike Jetty's {@code GracefulHandler},
 * it never refuses a request that arrives while stopping: such a request came on a connection accepted before the port
 * closed, and a client that got its connection must get its answer, not a 503 it cannot tell from an outage.
 */
final class InFlightRequests extends Handler.Wrapper implements Graceful {

  private final AtomicLong inFlight = new AtomicLong();
  private final Graceful.Shutdown shutdown = new Graceful.Shutdown(this) {
    @Override
    public boolean isShutdownDone() {
      return inFlight.get() == 0;
    }
  };

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    inFlight.incrementAndGet();
    Callback counted = new Callback() {
      @Override
      public void succeeded() {
        try {
          callback.succeeded();
        } finally {
          done();
        }
      }

      @Override
      public void failed(Throwable failure) {
        try {
          callback.failed(failure);
        } finally {
          done();
        }
      }

      @Override
      public InvocationType getInvocationType() {
        return callback.getInvocationType();
      }
    };
    boolean handled;
    try {
      handled = super.handle(request, response, counted);
    } catch (Exception | Error e) {
      done();
      throw e;
    }
    if (!handled) {
      done();
    }
    return handled;
  }

  private void done() {
    if (inFlight.decrementAndGet() == 0) {
      shutdown.check();
    }
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    return shutdown.shutdown();
  }

  @Override
  public boolean isShutdown() {
    return shutdown.isShutdown();
  }
}
