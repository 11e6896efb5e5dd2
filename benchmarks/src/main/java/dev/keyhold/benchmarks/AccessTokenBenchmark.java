package dev.keyhold.benchmarks;

import dev.keyhold.identity.core.crypto.JoseAccessTokens;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying access tokens with Keyhold's JOSE code for each algorithm. {@link JdkRs256Baseline} measures
 * the bare JDK signature check of the same kind of RS256 token, so the difference is what parsing, header checks and
 * claim checks cost on top of the maths.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccessTokenBenchmark {

  @Param({"RS256", "ES256", "EdDSA"})
  public String algorithm;

  private JoseAccessTokens tokens;
  private AccessTokenClaims claims;
  private String token;

  @Setup
  public void setUp() {
    SigningKeys keys = SigningKeys.generate(SigningAlgorithm.valueOf(algorithm));
    tokens = JoseAccessTokens.create(keys, "https://id.example.com", "keyhold", Clock.systemUTC());
    Instant now = Instant.now();
    claims = new AccessTokenClaims("https://id.example.com", "keyhold", "0b0e8f4e-5a43-4f43-9d2c-3f1e4a9c7b11", now,
        now.plus(Duration.ofHours(2)), "jti-1", "7f3c1c1e-0d55-4b8e-8a2c-6c2b1b9f0a01", List.of("profile"),
        List.of("pwd"), "ada@example.com", true, null);
    token = tokens.sign(claims);
  }

  @Benchmark
  public String sign() {
    return tokens.sign(claims);
  }

  @Benchmark
  public AccessTokenClaims verify() {
    return tokens.verify(token);
  }
}
