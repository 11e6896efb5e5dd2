package dev.keyhold.identity.core.crypto;

import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.spi.PasswordHasher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A {@link PasswordHasher} that runs at most {@link HashingLimits#concurrency()} hashes and verifications at once.
 * Callers beyond that wait in first-come order, at most {@link HashingLimits#queue()} of them and each for at most
 * {@link HashingLimits#maxWait()}; every other caller gets an {@link OverloadedException} at once, before the
 * delegate is called and so before any hashing memory is taken. Keyhold's builder wraps every hasher in one, so that
 * login, registration, password reset and change, the dummy hash for unknown accounts and the administrator paths all
 * share one bound per node.
 *
 * <p>Admitted work runs on a pool of {@code concurrency} platform threads of its own while the caller waits. Only those
 * threads ever hold hashing memory, so the C allocator keeps at most {@code concurrency} hash-sized blocks for reuse
 * instead of one per request thread, and a virtual thread that asks for a hash parks instead of pinning its carrier
 * for the length of a native call.
 *
 * <p>The bound does not look at what is hashed: a login for an unknown address waits and is refused exactly like one
 * for a known account. {@link #needsRehash} only reads the encoded parameters and is not bounded. Thread-safe.
 */
public final class BoundedPasswordHasher implements PasswordHasher {

  /** Hashing threads end after this long without work; the next hash starts one again. */
  private static final Duration IDLE = Duration.ofSeconds(60);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** What a refusal tells the caller to wait: about the time a queue takes to drain. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final PasswordHasher delegate;
  private final HashingLimits limits;
  private final Semaphore slots;
  private final ExecutorService hashers;
  private final AtomicInteger waiting = new AtomicInteger();
  private final LongAdder refused = new LongAdder();

  private BoundedPasswordHasher(PasswordHasher delegate, HashingLimits limits) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.slots = new Semaphore(limits.concurrency(), true);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(limits.concurrency(), limits.concurrency(), IDLE.toSeconds(),
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), BoundedPasswordHasher::hashingThread);
    pool.allowCoreThreadTimeOut(true);
    this.hashers = pool;
  }

  private static Thread hashingThread(Runnable runnable) {
    Thread thread = new Thread(runnable, "keyhold-password-hashing-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /** {@code delegate}, bounded by {@code limits}. */
  public static BoundedPasswordHasher bound(PasswordHasher delegate, HashingLimits limits) {
    if (delegate instanceof BoundedPasswordHasher) {
      throw new IllegalArgumentException("the hasher is already bounded");
    }
    return new BoundedPasswordHasher(delegate, limits);
  }

  /** @throws OverloadedException when the node is hashing at its bound and the queue is full or the wait ran out */
  @Override
  public PasswordHash hash(String password) {
    return bounded(() -> delegate.hash(password));
  }

  /** @throws OverloadedException when the node is hashing at its bound and the queue is full or the wait ran out */
  @Override
  public boolean verify(PasswordHash hash, String password) {
    return bounded(() -> delegate.verify(hash, password));
  }

  @Override
  public boolean needsRehash(PasswordHash hash) {
    return delegate.needsRehash(hash);
  }

  /** The delegate's, unbounded: it is made once, when Keyhold is built. */
  @Override
  public PasswordHash unmatchable() {
    return delegate.unmatchable();
  }

  /**
   * Refuses now when a hash asked for now would be refused because every slot is busy and the queue is full. A cheap,
   * early form of the check every hash makes anyway, for callers with work to do before they hash (a login looks the
   * account up first) that is wasted when the hash is then refused. It looks at nothing but the load, so it answers
   * alike for every account.
   *
   * @throws OverloadedException when the queue is full
   */
  public void admit() {
    if (slots.availablePermits() == 0 && waiting.get() >= limits.queue()) {
      throw refuse();
    }
  }

  /** The bound in force. */
  public HashingLimits limits() {
    return limits;
  }

  /** Hashes running now. */
  public int active() {
    return limits.concurrency() - slots.availablePermits();
  }

  /** Callers waiting for a slot now. */
  public int queued() {
    return waiting.get();
  }

  /** Callers refused since this hasher was made. */
  public long refused() {
    return refused.sum();
  }

  /**
   * Runs {@code work} on one of the hashing threads once a slot is free. The slot is given back by the hashing thread
   * when the work ends, so a caller that stops waiting early cannot let more hashes run than the bound.
   */
  private <T> T bounded(Supplier<T> work) {
    acquire();
    FutureTask<T> task = new FutureTask<>(() -> {
      try {
        return work.get();
      } finally {
        slots.release();
      }
    });
    try {
      hashers.execute(task);
    } catch (RuntimeException | Error e) {
      slots.release();
      throw e;
    }
    return result(task);
  }

  /** The task's result, waiting for it without giving up on an interrupt (the interrupt is kept). */
  private static <T> T result(FutureTask<T> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void acquire() {
    boolean acquired;
    try {
      // a zero wait still respects the first-come order: it never takes a slot that a waiting caller is owed
      if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
        return;
      }
      if (waiting.incrementAndGet() > limits.queue()) {
        waiting.decrementAndGet();
        throw refuse();
      }
      try {
        acquired = slots.tryAcquire(limits.maxWait().toNanos(), TimeUnit.NANOSECONDS);
      } finally {
        waiting.decrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw refuse();
    }
  }

  private OverloadedException refuse() {
    refused.increment();
    return new OverloadedException(RETRY_AFTER);
  }

  @Override
  public String toString() {
    return "BoundedPasswordHasher[" + delegate + ", " + limits + "]";
  }
}
