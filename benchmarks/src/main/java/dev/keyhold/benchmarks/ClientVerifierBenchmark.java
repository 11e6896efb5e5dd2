package dev.keyhold.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.keyhold.client.KeyholdTokenVerifier;
import dev.keyhold.client.VerifiedToken;
import dev.keyhold.identity.core.crypto.JoseAccessTokens;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A resource server's check of one RS256 access token, three ways, on the same token: identity-client's
 * {@link KeyholdTokenVerifier} (keys fetched once from a loopback JWKS endpoint, then cached), the core's
 * {@link JoseAccessTokens} (Nimbus), and the bare JDK {@code SHA256withRSA} check of the signature alone, as in
 * {@link JdkRs256Baseline}. The client verifier's goal is 90 % of the bare check's throughput (docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientVerifierBenchmark {

  private static final String ISSUER = "https://id.example.com";

  private HttpServer jwksServer;
  private KeyholdTokenVerifier client;
  private JoseAccessTokens core;
  private String token;
  private PublicKey publicKey;
  private byte[] signingInput;
  private byte[] signature;

  @Setup
  public void setUp() throws IOException, GeneralSecurityException {
    core = JoseAccessTokens.create(SigningKeys.generate(SigningAlgorithm.RS256), ISSUER, "keyhold",
        Clock.systemUTC());
    Instant now = Instant.now();
    token = core.sign(new AccessTokenClaims(ISSUER, "keyhold", "0b0e8f4e-5a43-4f43-9d2c-3f1e4a9c7b11", now,
        now.plus(Duration.ofHours(2)), "jti-1", "7f3c1c1e-0d55-4b8e-8a2c-6c2b1b9f0a01", List.of("profile"),
        List.of("pwd"), "ada@example.com", true, null));

    byte[] jwks = new ObjectMapper().writeValueAsBytes(core.toJwks());
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext("/.well-known/jwks.json", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Cache-Control", "public, max-age=86400");
      exchange.sendResponseHeaders(200, jwks.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(jwks);
      }
    });
    jwksServer.start();
    client = KeyholdTokenVerifier.forJwks(
        URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/.well-known/jwks.json"), ISSUER)
        .algorithms("RS256").build();

    int lastDot = token.lastIndexOf('.');
    signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    publicKey = rsaKey(core.toJwks());
    if (!jdkSignatureOnly() || !"0b0e8f4e-5a43-4f43-9d2c-3f1e4a9c7b11".equals(clientVerifier().subject())) {
      throw new IllegalStateException("the benchmark does not verify the token it measures");
    }
  }

  @TearDown
  public void tearDown() {
    jwksServer.stop(0);
  }

  @Benchmark
  public VerifiedToken clientVerifier() {
    return client.verify(token);
  }

  @Benchmark
  public AccessTokenClaims coreVerifier() {
    return core.verify(token);
  }

  @Benchmark
  public boolean jdkSignatureOnly() throws GeneralSecurityException {
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
