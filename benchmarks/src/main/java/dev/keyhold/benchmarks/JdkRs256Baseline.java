package dev.keyhold.benchmarks;

import dev.keyhold.identity.core.crypto.JoseAccessTokens;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor for RS256 verification: only the JDK's {@code SHA256withRSA} check of a Keyhold access token's signature,
 * with no parsing, header or claim checks. Compare with {@code AccessTokenBenchmark.verify} at RS256.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdkRs256Baseline {

  private PublicKey publicKey;
  private byte[] signingInput;
  private byte[] signature;

  @Setup
  public void setUp() throws GeneralSecurityException {
    JoseAccessTokens tokens = JoseAccessTokens.create(SigningKeys.generate(SigningAlgorithm.RS256),
        "https://id.example.com", "keyhold", Clock.systemUTC());
    Instant now = Instant.now();
    String token = tokens.sign(new AccessTokenClaims("https://id.example.com", "keyhold",
        "0b0e8f4e-5a43-4f43-9d2c-3f1e4a9c7b11", now, now.plus(Duration.ofHours(2)), "jti-1",
        "7f3c1c1e-0d55-4b8e-8a2c-6c2b1b9f0a01", List.of("profile"), List.of("pwd"), "ada@example.com", true, null));
    int lastDot = token.lastIndexOf('.');
    signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    publicKey = rsaKey(tokens.toJwks());
    if (!verify()) {
      throw new IllegalStateException("the baseline does not verify the token it measures");
    }
  }

  @Benchmark
  public boolean verify() throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(publicKey);
    verifier.update(signingInput);
    return verifier.verify(signature);
  }

  @SuppressWarnings("unchecked")
  private static PublicKey rsaKey(Map<String, Object> jwks) throws GeneralSecurityException {
    Map<String, Object> jwk = ((List<Map<String, Object>>) jwks.get("keys")).get(0);
    Base64.Decoder decoder = Base64.getUrlDecoder();
    BigInteger modulus = new BigInteger(1, decoder.decode((String) jwk.get("n")));
    BigInteger exponent = new BigInteger(1, decoder.decode((String) jwk.get("e")));
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
  }
}
