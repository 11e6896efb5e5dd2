package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.model.user.PasswordHash;
import dev.keyhold.identity.spi.PasswordHasher;
import dev.keyhold.identity.testkit.Eventually;
import dev.keyhold.identity.testkit.GatedPasswordHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoundedPasswordHasherTest {

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Argon2idPasswordHasher FAST = Argon2idPasswordHasher.withParameters(
      new Argon2Parameters(1024, 1, 1));
  private static final PasswordHash STORED = FAST.hash("correct horse battery staple");

  private final GatedPasswordHasher gated = new GatedPasswordHasher(FAST);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void holdTheGate() {
    gated.hold();
  }

  @AfterEach
  void stop() throws InterruptedException {
    gated.open();
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void runs_at_most_the_concurrency_queues_up_to_the_queue_and_refuses_the_rest_at_once() {
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(gated, new HashingLimits(2, 2, PATIENCE));

    List<CompletableFuture<Boolean>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> hasher.verify(STORED, "correct horse battery staple"), threads));
    }
    Eventually.await(PATIENCE, () -> calls.stream().filter(CompletableFuture::isDone).count() == 6
        && gated.inside() == 2 && hasher.queued() == 2);

    assertThat(calls.stream().filter(CompletableFuture::isDone))
        .allSatisfy(call -> assertThat(call).failsWithin(Duration.ZERO).withThrowableThat()
            .havingCause().isInstanceOf(OverloadedException.class));
    assertThat(gated.entered()).as("hashes started while two run and two wait").isEqualTo(2);
    assertThat(hasher.active()).isEqualTo(2);
    assertThat(hasher.queued()).isEqualTo(2);
    assertThat(hasher.refused()).isEqualTo(6);

    gated.open();

    assertThat(calls.stream().filter(call -> !call.isCompletedExceptionally()))
        .hasSize(4)
        .allSatisfy(call -> assertThat(call.join()).isTrue());
    assertThat(gated.entered()).isEqualTo(4);
    assertThat(gated.mostInside()).as("hashes at once").isEqualTo(2);
    assertThat(hasher.active()).isZero();
    assertThat(hasher.queued()).isZero();
  }

  @Test
  void a_caller_that_waits_longer_than_the_limit_is_refused_without_hashing() {
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(gated, new HashingLimits(1, 1, Duration.ofMillis(50)));
    CompletableFuture<PasswordHash> holder = CompletableFuture.supplyAsync(() -> hasher.hash("first"), threads);
    Eventually.await(PATIENCE, () -> gated.inside() == 1);

    assertThatThrownBy(() -> hasher.hash("second"))
        .isInstanceOf(OverloadedException.class)
        .satisfies(e -> assertThat(((OverloadedException) e).code()).isEqualTo("overloaded"))
        .satisfies(e -> assertThat(((OverloadedException) e).retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    assertThat(gated.entered()).isEqualTo(1);
    assertThat(hasher.queued()).isZero();

    gated.open();
    assertThat(FAST.verify(holder.join(), "first")).isTrue();
  }

  @Test
  void with_no_queue_every_caller_beyond_the_concurrency_is_refused() {
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(gated, new HashingLimits(1, 0, PATIENCE));
    CompletableFuture<PasswordHash> holder = CompletableFuture.supplyAsync(() -> hasher.hash("first"), threads);
    Eventually.await(PATIENCE, () -> gated.inside() == 1);

    assertThatThrownBy(() -> hasher.verify(STORED, "anything")).isInstanceOf(OverloadedException.class);
    assertThat(hasher.refused()).isEqualTo(1);

    gated.open();
    holder.join();
    assertThat(hasher.verify(STORED, "correct horse battery staple")).as("a slot is free again").isTrue();
  }

  @Test
  void a_failing_hash_gives_its_slot_back() {
    PasswordHasher failing = new PasswordHasher() {
      @Override
      public PasswordHash hash(String password) {
        throw new IllegalStateException("native library failed");
      }

      @Override
      public boolean verify(PasswordHash hash, String password) {
        return FAST.verify(hash, password);
      }

      @Override
      public boolean needsRehash(PasswordHash hash) {
        return false;
      }
    };
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(failing, new HashingLimits(1, 0, PATIENCE));

    assertThatThrownBy(() -> hasher.hash("x")).isInstanceOf(IllegalStateException.class);
    assertThat(hasher.active()).isZero();
    assertThat(hasher.verify(STORED, "correct horse battery staple")).isTrue();
  }

  @Test
  void an_interrupted_waiter_is_refused_and_keeps_its_interrupt() throws Exception {
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(gated, new HashingLimits(1, 1, PATIENCE));
    CompletableFuture<PasswordHash> holder = CompletableFuture.supplyAsync(() -> hasher.hash("first"), threads);
    Eventually.await(PATIENCE, () -> gated.inside() == 1);
    CompletableFuture<Boolean> interruptFlag = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        hasher.hash("second");
        interruptFlag.complete(false);
      } catch (OverloadedException refused) {
        interruptFlag.complete(Thread.currentThread().isInterrupted());
      }
    });
    waiter.start();
    Eventually.await(PATIENCE, () -> hasher.queued() == 1);

    waiter.interrupt();

    assertThat(interruptFlag.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(gated.entered()).isEqualTo(1);
    gated.open();
    holder.join();
  }

  @Test
  void admission_refuses_early_only_when_a_hash_would_be_refused() {
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(gated, new HashingLimits(1, 1, PATIENCE));
    hasher.admit();
    CompletableFuture<PasswordHash> running = CompletableFuture.supplyAsync(() -> hasher.hash("first"), threads);
    Eventually.await(PATIENCE, () -> gated.inside() == 1);
    hasher.admit(); // a place in the queue is free

    CompletableFuture<PasswordHash> waiting = CompletableFuture.supplyAsync(() -> hasher.hash("second"), threads);
    Eventually.await(PATIENCE, () -> hasher.queued() == 1);

    assertThatThrownBy(hasher::admit).isInstanceOf(OverloadedException.class);
    assertThat(hasher.refused()).isEqualTo(1);
    gated.open();
    running.join();
    waiting.join();
    hasher.admit();
  }

  @Test
  void checking_whether_a_hash_needs_upgrading_is_not_bounded() {
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(gated, new HashingLimits(1, 0, PATIENCE));
    CompletableFuture.supplyAsync(() -> hasher.hash("first"), threads);
    Eventually.await(PATIENCE, () -> gated.inside() == 1);

    assertThat(hasher.needsRehash(STORED)).isFalse();
    assertThat(hasher.needsRehash(new PasswordHash("$argon2id$v=19$m=2048,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA"
        + "$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"))).isTrue();
  }

  @Test
  void a_bounded_hasher_is_not_bounded_twice() {
    BoundedPasswordHasher hasher = BoundedPasswordHasher.bound(FAST, HashingLimits.of(1));

    assertThatThrownBy(() -> BoundedPasswordHasher.bound(hasher, HashingLimits.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limits_are_checked() {
    assertThatThrownBy(() -> new HashingLimits(0, 0, PATIENCE)).hasMessageContaining("concurrency");
    assertThatThrownBy(() -> new HashingLimits(1, -1, PATIENCE)).hasMessageContaining("queue");
    assertThatThrownBy(() -> new HashingLimits(1, 0, Duration.ZERO)).hasMessageContaining("wait");
    assertThatThrownBy(() -> new HashingLimits(1, 0, Duration.ofMinutes(2))).hasMessageContaining("wait");
    assertThat(HashingLimits.defaults().concurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(HashingLimits.defaults().queue()).isEqualTo(8 * Runtime.getRuntime().availableProcessors());
  }
}
