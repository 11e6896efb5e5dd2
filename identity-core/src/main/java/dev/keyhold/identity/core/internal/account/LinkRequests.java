package dev.keyhold.identity.core.internal.account;

import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.spi.LinkRequestQueue.Kind;
import dev.keyhold.identity.spi.LinkRequestQueue.Request;
import dev.keyhold.identity.spi.LinkRequestQueue;
import dev.keyhold.identity.spi.SecretGenerator;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Requests for a mailed link, accepted at the door and handled later (see {@link LinkRequestQueue} for why).
 *
 * <p>Accepting is one queue insert, the same for every address, so neither the answer nor its timing says whether
 * the address has an account. Handling claims due requests and runs the deferred half of each use case. A request
 * whose handling fails for want of a store stays queued and is claimed again when its lease runs out; one that fails
 * otherwise is retried the same way up to {@link #MAX_ATTEMPTS} times and then dropped with a log line naming its id
 * (never the address).
 */
final class LinkRequests {

  static final int BATCH_SIZE = 50;
  /** The most batches one {@link #handleDue()} takes, so that one round under a flood still ends. */
  static final int MAX_BATCHES = 20;
  static final Duration LEASE = Duration.ofMinutes(1);
  static final int MAX_ATTEMPTS = 5;
  private static final System.Logger LOG = System.getLogger("keyhold.accounts");

  /** The deferred half of a use case. */
  @FunctionalInterface
  interface Handler {
    void handle(Kind kind, Email email, ClientInfo client);
  }

  private final LinkRequestQueue queue;
  private final SecretGenerator ids;
  private final Clock clock;
  private final Handler handler;

  LinkRequests(LinkRequestQueue queue, SecretGenerator ids, Clock clock, Handler handler) {
    this.queue = queue;
    this.ids = ids;
    this.clock = clock;
    this.handler = handler;
  }

  void accept(Kind kind, Email email, ClientInfo client) {
    queue.enqueue(Request.accepted(ids.newId(), kind, email.display(), client, clock.instant()));
  }

  /** Handles due requests in batches while batches come back full, at most {@link #MAX_BATCHES} of them. */
  int handleDue() {
    int handled = 0;
    for (int batch = 0; batch < MAX_BATCHES; batch++) {
      List<Request> due = queue.claim(clock.instant(), BATCH_SIZE, LEASE);
      for (Request request : due) {
        if (handle(request)) {
          handled++;
        }
      }
      if (due.size() < BATCH_SIZE) {
        break;
      }
    }
    return handled;
  }

  private boolean handle(Request request) {
    Email email;
    try {
      email = Email.parse(request.email());
    } catch (ValidationException unparsable) {
      LOG.log(Level.ERROR, "Link request {0} holds no valid address; dropped", request.id());
      queue.complete(request.id());
      return false;
    }
    try {
      handler.handle(request.kind(), email, request.client());
    } catch (StoreUnavailableException outage) {
      throw outage;
    } catch (RuntimeException failure) {
      if (request.attempts() < MAX_ATTEMPTS) {
        LOG.log(Level.WARNING, "Link request {0} failed (attempt {1}), retried after {2}: {3}", request.id(),
            request.attempts(), LEASE, failure.getClass().getName());
        return false;
      }
      LOG.log(Level.ERROR, "Link request {0} failed " + MAX_ATTEMPTS + " times; dropped", request.id(), failure);
      queue.complete(request.id());
      return false;
    }
    queue.complete(request.id());
    return true;
  }
}
