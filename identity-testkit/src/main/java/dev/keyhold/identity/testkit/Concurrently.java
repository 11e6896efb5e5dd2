package dev.keyhold.identity.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Runs one task on many real threads at once: every thread waits at a start gate until all are ready, so the calls
 * overlap as much as the scheduler allows. The threads poll the gate (a {@link CountDownLatch}), yielding the
 * processor, instead of blocking on it: blocked threads are woken one after another, microseconds apart, which is
 * longer than a whole call to an in-memory store takes, so their calls would rarely overlap. Runtime exceptions thrown
 * by a task are collected as outcomes; errors (such as failed assertions) fail the test.
 */
public final class Concurrently {

  /**
   * How many times the contracts repeat each race with fresh data: one race can pass by luck of scheduling even when
   * the store is not atomic, many rarely do.
   */
  public static final int ROUNDS = 20;

  private static final long TIMEOUT_SECONDS = 60;

  private Concurrently() {}

  /**
   * The outcome of one thread's call: a value, or the runtime exception it threw.
   *
   * @param value what the task returned, when it succeeded
   * @param failure what the task threw, or {@code null} when it succeeded
   */
  public record Outcome<T>(T value, RuntimeException failure) {

    /** Whether the task returned normally. */
    public boolean succeeded() {
      return failure == null;
    }
  }

  /** The indexes of the outcomes that returned true, in order: the winners of a race of conditional writes. */
  public static List<Integer> winners(List<Outcome<Boolean>> outcomes) {
    List<Integer> winners = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (Boolean.TRUE.equals(outcomes.get(i).value())) {
        winners.add(i);
      }
    }
    return winners;
  }

  /** Calls {@code task} with the indexes {@code 0..threads-1}, each on its own thread, and returns the results in index order. */
  public static <T> List<Outcome<T>> call(int threads, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Outcome<T>>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          while (start.getCount() > 0) {
            Thread.yield();
          }
          try {
            return new Outcome<>(task.apply(index), null);
          } catch (RuntimeException e) {
            return new Outcome<T>(null, e);
          }
        }));
      }
      if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the threads did not start within " + TIMEOUT_SECONDS + " s");
      }
      start.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<Outcome<T>> future : futures) {
        outcomes.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the threads", e);
    } catch (ExecutionException e) {
      throw new AssertionError("a thread failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the threads did not finish within " + TIMEOUT_SECONDS + " s", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Like {@link #call}, for tasks that return nothing. */
  public static List<Outcome<Void>> run(int threads, IntConsumer task) {
    return call(threads, index -> {
      task.accept(index);
      return null;
    });
  }
}
