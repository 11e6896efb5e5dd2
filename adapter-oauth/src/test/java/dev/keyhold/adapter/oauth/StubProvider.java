package dev.keyhold.adapter.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.minidev.json.JSONObject;

/**
 * A provider whose every answer the test chooses, for what a well-behaved provider never does: tokens signed with
 * {@code alg: none}, HMAC or an unpublished key, server errors, garbage, rotated keys. A JDK HTTP server on loopback
 * with a discovery document, a JWK set and a token endpoint; it records what it was asked.
 */
final class StubProvider implements AutoCloseable {

  static final String CLIENT_ID = "keyhold-client";
  static final String CLIENT_SECRET = "s3cr3t/with+odd=chars";
  static final URI REDIRECT_URI = URI.create("http://127.0.0.1:9/oauth/stub/callback");

  /** One answer: a status and a body ({@code application/json} unless it does not parse as JSON). */
  record Answer(int status, String body) {}

  private final HttpServer server;
  private final String issuer;
  final AtomicInteger discoveryFetches = new AtomicInteger();
  final AtomicInteger keyFetches = new AtomicInteger();
  final AtomicInteger tokenRequests = new AtomicInteger();
  volatile Map<String, Object> discoveryOverrides = Map.of();
  volatile Answer discoveryAnswer;
  volatile Answer keysAnswer;
  volatile JWKSet publishedKeys;
  volatile Function<String, Answer> tokenEndpoint = body -> new Answer(400, "{\"error\":\"invalid_grant\"}");
  volatile String lastTokenRequestBody;
  volatile String lastTokenRequestAuthorization;

  /** One key for every stub: generating an RSA key takes a while. */
  private static final RSAKey SIGNING_KEY = newKey("k1");

  final RSAKey key = SIGNING_KEY;

  StubProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    publishedKeys = new JWKSet(key.toPublicJWK());
    server.createContext("/.well-known/openid-configuration", exchange -> {
      discoveryFetches.incrementAndGet();
      Answer answer = discoveryAnswer;
      respond(exchange, answer != null ? answer : new Answer(200, discoveryDocument()));
    });
    server.createContext("/jwks", exchange -> {
      keyFetches.incrementAndGet();
      Answer answer = keysAnswer;
      respond(exchange, answer != null ? answer : new Answer(200, publishedKeys.toString(true)));
    });
    server.createContext("/token", exchange -> {
      tokenRequests.incrementAndGet();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      lastTokenRequestBody = body;
      lastTokenRequestAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
      respond(exchange, tokenEndpoint.apply(body));
    });
    server.start();
  }

  static RSAKey newKey(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  URI issuer() {
    return URI.create(issuer);
  }

  GenericOidcSettings settings() {
    return GenericOidcSettings.of("stub", "Stub", issuer(), CLIENT_ID, CLIENT_SECRET, List.of(REDIRECT_URI));
  }

  /** Claims a correct ID token for this client and nonce would have. */
  JWTClaimsSet.Builder claims(String nonce) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("user-1")
        .audience(CLIENT_ID)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("nonce", nonce);
  }

  /** The claims signed RS256 with {@code signer}, naming its key id. */
  static String sign(RSAKey signer, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(signer));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** The token endpoint answers every request with this ID token (and an access token). */
  void issue(String idToken) {
    JSONObject body = new JSONObject();
    body.put("access_token", "at-" + tokenRequests.get());
    body.put("token_type", "Bearer");
    body.put("expires_in", 300);
    body.put("id_token", idToken);
    tokenEndpoint = request -> new Answer(200, body.toJSONString());
  }

  String discoveryDocument() {
    JSONObject document = new JSONObject();
    document.put("issuer", issuer);
    document.put("authorization_endpoint", issuer + "/authorize");
    document.put("token_endpoint", issuer + "/token");
    document.put("jwks_uri", issuer + "/jwks");
    document.put("response_types_supported", List.of("code"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    document.putAll(discoveryOverrides);
    return document.toJSONString();
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    String type = answer.body().startsWith("{") ? "application/json; charset=UTF-8" : "text/plain; charset=UTF-8";
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
