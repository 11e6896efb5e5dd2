package dev.keyhold.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A bounded mixed workload: a few client threads, each registering accounts and then logging in, refreshing (keeping
 * its live refresh tokens), reading {@code /me}, creating and renaming organizations and asking for password-reset
 * mail, on whichever node it prefers, moving to the other node when a connection is refused or dropped. It records
 * every request in a {@link Tally} and what the servers acknowledged in its {@link Ledger}, which the scenarios check
 * afterwards.
 */
final class Workload implements AutoCloseable {

  static final String PASSWORD = "correct horse battery staple";
  /**
   * The server's REFRESH_RETRY_GRACE (its default), less a margin for measuring from outside: a refresh token whose
   * rotation may have been done without its answer reaching the client (no answer, or a 5xx) must work when it is
   * presented again within this time of that attempt.
   */
  static final Duration RETRY_GRACE = Duration.ofSeconds(58);

  private final Api api;
  private final Supplier<List<Node>> nodes;
  private final int threads;
  private final Duration pause;
  private final Tally tally;
  private final Ledger ledger = new Ledger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> workers = new ArrayList<>();
  private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

  Workload(Api api, Supplier<List<Node>> nodes, int threads, Duration pause, Tally tally) {
    this.api = api;
    this.nodes = nodes;
    this.threads = threads;
    this.pause = pause;
    this.tally = tally;
  }

  Ledger ledger() {
    return ledger;
  }

  Tally tally() {
    return tally;
  }

  void start() {
    running.set(true);
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread worker = new Thread(() -> loop(index), "client-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  /** Stops the clients after their current request and waits for them. */
  void stop() {
    running.set(false);
    for (Thread worker : workers) {
      try {
        worker.join(Api.REQUEST_TIMEOUT.multipliedBy(3).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.clear();
  }

  @Override
  public void close() {
    stop();
  }

  private void loop(int thread) {
    List<Account> accounts = new ArrayList<>();
    int step = 0;
    while (running.get()) {
      try {
        act(thread, step++, accounts);
      } catch (RuntimeException e) {
        ledger.violations.add("client " + thread + " failed: " + e);
      }
      if (pause.isZero()) {
        continue;
      }
      try {
        Thread.sleep(pause.toMillis()); // think time between a user's requests, not synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void act(int thread, int step, List<Account> accounts) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Account any = accounts.isEmpty() ? null : accounts.get(random.nextInt(accounts.size()));
    switch (step % 8) {
      case 0:
        register(thread, step, accounts);
        return;
      case 1:
        Account fresh = accounts.stream().filter(a -> a.refresh == null).findFirst().orElse(any);
        if (fresh != null) {
          login(thread, fresh);
        }
        return;
      case 2:
      case 5:
        if (any != null && any.refresh != null) {
          refresh(thread, any);
        }
        return;
      case 3:
      case 6:
        if (any != null && any.access != null) {
          send(thread, "GET /me", "GET", "/api/v1/me", any.access, null);
        }
        return;
      case 4:
        if (any != null && any.access != null) {
          organization(thread, any);
        }
        return;
      default:
        if (any != null && any.resets < 2) {
          Api.Outcome reset = send(thread, "POST /password-reset/request", "POST", "/api/v1/password-reset/request",
              null, Map.of("email", any.email));
          if (reset.status() == 202) {
            any.resets++;
          }
        }
    }
  }

  private void register(int thread, int step, List<Account> accounts) {
    String email = "u" + run + "-" + thread + "-" + step + "@example.com";
    Api.Outcome outcome = send(thread, "POST /register", "POST", "/api/v1/register", null,
        Map.of("email", email, "password", PASSWORD));
    if (outcome.status() == 202) {
      Account account = new Account(email);
      ledger.registered.add(email);
      ledger.accounts.add(account);
      accounts.add(account);
    }
  }

  private void login(int thread, Account account) {
    Api.Outcome outcome = send(thread, "POST /login", "POST", "/api/v1/login", null,
        Map.of("email", account.email, "password", PASSWORD));
    if (outcome.status() == 200) {
      account.tokens(outcome.text("access_token"), outcome.text("refresh_token"));
      ledger.logins.incrementAndGet();
    } else if (outcome.status() == 401) {
      ledger.violations.add("an acknowledged registration cannot log in: " + account.email + " " + outcome.label());
    }
  }

  private void refresh(int thread, Account account) {
    // A refresh dropped after connecting may have rotated, and so may one answered 5xx (PostgreSQL killed after the
    // commit, or a commit it received while stopped): the token is then presented again later, as a client does,
    // and must work within the server's retry grace (docs/reliability.md). It is not resent at once, so that the
    // retry comes after the fault.
    Api.Outcome outcome = send(thread, "POST /refresh", "POST", "/api/v1/refresh", null,
        Map.of("refresh_token", account.refresh), false);
    boolean inDoubt = account.inDoubtSince != 0;
    if (outcome.status() == 200) {
      if (inDoubt) {
        ledger.retriedAfterDoubt.incrementAndGet();
      }
      account.tokens(outcome.text("access_token"), outcome.text("refresh_token"));
      ledger.rotations.incrementAndGet();
    } else if (outcome.status() == 401) {
      Duration since = Duration.ofNanos(System.nanoTime() - account.inDoubtSince);
      if (!account.mustWork()) {
        // the attempt in doubt may have rotated, and the retry came after the grace: spent, as designed
        ledger.spentAfterGrace.incrementAndGet();
      } else {
        ledger.violations.add("a refresh token acknowledged with 200 (or retried within the grace) became unusable: "
            + account.email + " " + outcome.label() + (inDoubt
            ? " " + since.toMillis() + " ms after a " + account.inDoubtWith : ""));
      }
      account.refresh = null;
      account.access = null;
    } else if ((outcome.failure() != null && !outcome.refused()) || outcome.status() >= 500) {
      if (!inDoubt) {
        account.inDoubtSince = outcome.startNanos();
        account.inDoubtWith = outcome.failure() != null ? "dropped answer" : outcome.label();
      }
    }
  }

  private void organization(int thread, Account account) {
    if (account.organization == null) {
      Api.Outcome created = send(thread, "POST /orgs", "POST", "/api/v1/orgs", account.access,
          Map.of("name", "Org of " + account.email));
      if (created.status() == 201) {
        account.organization = created.text("id");
        ledger.organizations.incrementAndGet();
      }
    } else {
      send(thread, "PATCH /orgs/{id}", "PATCH", "/api/v1/orgs/" + account.organization, account.access,
          Map.of("name", "Renamed " + ThreadLocalRandom.current().nextInt(1_000_000)));
    }
  }

  /**
   * Sends on the thread's preferred node, moving to the next after a refused connection or, when
   * {@code resendDropped}, one dropped before the answer (as a load balancer does), each attempt recorded.
   */
  private Api.Outcome send(int thread, String route, String method, String path, String token, Object body) {
    return send(thread, route, method, path, token, body, true);
  }

  private Api.Outcome send(int thread, String route, String method, String path, String token, Object body,
      boolean resendDropped) {
    List<Node> live = nodes.get();
    Api.Outcome outcome = null;
    for (int attempt = 0; attempt < Math.max(1, live.size()); attempt++) {
      Node node = live.get((thread + attempt) % live.size());
      outcome = api.call(node, method, path, token, body);
      tally.record(route, outcome);
      boolean retry = outcome.refused() || Api.Outcome.CONNECT_TIMEOUT.equals(outcome.failure())
          || (resendDropped && outcome.failure() != null && outcome.failure().startsWith(Api.Outcome.IO));
      if (!retry) {
        return outcome;
      }
    }
    return outcome;
  }

  /** One account a client made, with its live tokens. Used by its own thread only, and by checks after stop. */
  static final class Account {
    final String email;
    String access;
    String refresh;
    String organization;
    int resets;
    /**
     * When the first refresh of {@link #refresh} that got no answer or a 5xx began ({@link System#nanoTime()}), or 0:
     * that attempt may have rotated the token, which must then work as its retry within the grace.
     */
    long inDoubtSince;
    /** What that attempt got. */
    String inDoubtWith;

    Account(String email) {
      this.email = email;
    }

    /** Whether {@link #refresh} must work now: no attempt with it is in doubt, or its retry is within the grace. */
    boolean mustWork() {
      return inDoubtSince == 0 || Duration.ofNanos(System.nanoTime() - inDoubtSince).compareTo(RETRY_GRACE) <= 0;
    }

    void tokens(String access, String refresh) {
      this.access = access;
      this.refresh = refresh;
      this.inDoubtSince = 0;
      this.inDoubtWith = null;
    }
  }

  /** What the servers acknowledged, and what went wrong from the clients' point of view. */
  static final class Ledger {
    final ConcurrentLinkedQueue<String> registered = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger rotations = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger organizations = new java.util.concurrent.atomic.AtomicInteger();
    /** Refreshes that succeeded after an attempt in doubt with the same token (a retry, or the first rotation). */
    final java.util.concurrent.atomic.AtomicInteger retriedAfterDoubt =
        new java.util.concurrent.atomic.AtomicInteger();
    /** Refresh tokens refused after an attempt in doubt whose retry came later than the grace. */
    final java.util.concurrent.atomic.AtomicInteger spentAfterGrace =
        new java.util.concurrent.atomic.AtomicInteger();
    final ConcurrentLinkedQueue<Account> accounts = new ConcurrentLinkedQueue<>();
  }
}
