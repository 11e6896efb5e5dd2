package dev.keyhold.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.usecase.Authenticate;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's set-up and one operation, run once by the build: a benchmark that no longer starts (as this one did
 * when mail began to go through the outbox) is found here, not on the day someone measures.
 */
class LoginBenchmarkSetupTest {

  @Test
  void the_benchmark_signs_its_user_in() {
    LoginBenchmark benchmark = new LoginBenchmark();
    benchmark.setUp();

    assertThat(benchmark.login()).isInstanceOf(Authenticate.Authenticated.class);
  }
}
