package dev.keyhold.identity.testkit;

import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.spi.PasswordHasher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PasswordHasher} for tests of load bounds: every {@link #hash} and {@link #verify} is counted, then, while
 * the gate is held ({@link #hold()}), waits until it is {@link #open()}ed, then is handed to the real hasher. The gate
 * starts open. It counts how many calls
 * entered, how many are inside now and the most that ever were at once, so a test can prove that a bound held
 * without timing anything.
 */
public final class GatedPasswordHasher implements PasswordHasher {

  private static final Duration LONGEST_HOLD = Duration.ofMinutes(1);

  private final PasswordHasher delegate;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final AtomicInteger entered = new AtomicInteger();
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger mostInside = new AtomicInteger();

  public GatedPasswordHasher(PasswordHasher delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** Holds every later call at the gate until {@link #open()}. */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  /** Lets every held call, and every later one, through. */
  public void open() {
    gate.countDown();
  }

  /** Calls that reached this hasher so far. */
  public int entered() {
    return entered.get();
  }

  /** Calls inside now (held or hashing). */
  public int inside() {
    return inside.get();
  }

  /** The most calls that were ever inside at once. */
  public int mostInside() {
    return mostInside.get();
  }

  @Override
  public PasswordHash hash(String password) {
    enter();
    try {
      return delegate.hash(password);
    } finally {
      inside.decrementAndGet();
    }
  }

  @Override
  public boolean verify(PasswordHash hash, String password) {
    enter();
    try {
      return delegate.verify(hash, password);
    } finally {
      inside.decrementAndGet();
    }
  }

  @Override
  public boolean needsRehash(PasswordHash hash) {
    return delegate.needsRehash(hash);
  }

  /** The delegate's, neither counted nor held. */
  @Override
  public PasswordHash unmatchable() {
    return delegate.unmatchable();
  }

  private void enter() {
    entered.incrementAndGet();
    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
    try {
      if (!gate.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
        inside.decrementAndGet();
        throw new IllegalStateException("the gate was never opened");
      }
    } catch (InterruptedException e) {
      inside.decrementAndGet();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted at the gate", e);
    }
  }
}
