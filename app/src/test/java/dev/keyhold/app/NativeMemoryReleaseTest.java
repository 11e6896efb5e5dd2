package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.spi.PasswordHasher;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeMemoryReleaseTest {

  private final AtomicInteger releases = new AtomicInteger();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @Test
  void a_run_of_hashes_is_followed_by_one_release_once_hashing_rests() throws InterruptedException {
    // a quiet second: no pause between two of these hashes lasts that long
    PasswordHasher hasher = released(new Plain(), Duration.ofSeconds(1));

    for (int i = 0; i < 5; i++) {
      hasher.verify(hasher.hash("password " + i), "password " + i);
    }
    drainScheduler();

    assertThat(releases).as("one release after the run, not one per hash").hasValue(1);
  }

  @Test
  void nothing_is_released_while_a_hash_is_still_running() throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch leave = new CountDownLatch(1);
    Plain slow = new Plain() {
      @Override
      public PasswordHash hash(String password) {
        if (password.equals("slow")) {
          inside.countDown();
          await(leave);
        }
        return super.hash(password);
      }
    };
    PasswordHasher hasher = released(slow, Duration.ZERO);
    Thread slowHash = new Thread(() -> hasher.hash("slow"));
    slowHash.start();
    inside.await();

    hasher.hash("quick");
    drainScheduler();
    int releasedWhileSlowRan = releases.get();
    leave.countDown();
    slowHash.join();

    assertThat(releasedWhileSlowRan).as("a quick hash that ends while another runs schedules nothing").isZero();
  }

  @Test
  void checking_whether_a_hash_needs_rehashing_is_not_hashing() throws InterruptedException {
    PasswordHasher hasher = released(new Plain(), Duration.ZERO);

    hasher.needsRehash(new PasswordHash("$plain$x"));
    drainScheduler();

    assertThat(releases).hasValue(0);
  }

  @Test
  void on_this_machine_the_process_hasher_releases_through_glibc() {
    PasswordHasher hasher = NativeMemoryRelease.forThisProcess(new Plain());

    assertThat(hasher).as("Linux with glibc: malloc_trim is found").isInstanceOf(NativeMemoryRelease.class);
    assertThat(hasher.verify(hasher.hash("p"), "p")).isTrue();
  }

  private PasswordHasher released(PasswordHasher delegate, Duration quiet) {
    return new NativeMemoryRelease(delegate, quiet, () -> releases.incrementAndGet() > 0, scheduler);
  }

  /** Runs every release still scheduled (shutting down runs delayed tasks that were not cancelled). */
  private void drainScheduler() throws InterruptedException {
    scheduler.shutdown();
    assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Hashes by prefixing; fast, so the tests are about when releases happen. */
  private static class Plain implements PasswordHasher {
    @Override
    public PasswordHash hash(String password) {
      return new PasswordHash("$plain$" + password);
    }

    @Override
    public boolean verify(PasswordHash hash, String password) {
      return hash.encoded().equals("$plain$" + password);
    }

    @Override
    public boolean needsRehash(PasswordHash hash) {
      return false;
    }
  }
}
