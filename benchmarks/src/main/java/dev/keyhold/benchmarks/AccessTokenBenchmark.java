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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying access tokens with Keyhold's JOSE code, next to a bare JDK {@code SHA256withRSA} verify of
 * the same RS256 token: the difference is what parsing, header checks and claim checks cost on top of the maths.
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
  private PublicKey rsaPublicKey;
  private byte[] signingInput;
  private byte[] signature;

  @Setup
  public void setUp() throws GeneralSecurityException {
    SigningKeys keys = SigningKeys.generate(SigningAlgorithm.valueOf(algorithm));
    tokens = JoseAccessTokens.create(keys, "https://id.example.com", "keyhold", Clock.systemUTC());
    Instant now = Instant.now();
    claims = new AccessTokenClaims("https://id.example.com", "keyhold", "0b0e8f4e-5a43-4f43-9d2c-3f1e4a9c7b11", now,
        now.plus(Duration.ofHours(2)), "jti-1", "7f3c1c1e-0d55-4b8e-8a2c-6c2b1b9f0a01", List.of("profile"),
        List.of("pwd"), "ada@example.com", true, null);
    token = tokens.sign(claims);
    if (algorithm.equals("RS256")) {
      int lastDot = token.lastIndexOf('.');
      signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
      signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
      rsaPublicKey = rsaKey(tokens.toJwks());
    }
  }

  @Benchmark
  public String sign() {
    return tokens.sign(claims);
  }

  @Benchmark
  public AccessTokenClaims verify() {
    return tokens.verify(token);
  }

  /** The RS256 floor: only the JDK signature check, no parsing or claim checks (other algorithms: skipped). */
  @Benchmark
  public boolean jdkRs256VerifyOnly() throws GeneralSecurityException {
    if (rsaPublicKey == null) {
      return false;
    }
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(rsaPublicKey);
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
