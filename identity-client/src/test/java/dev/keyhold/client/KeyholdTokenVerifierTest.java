package dev.keyhold.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verifier against keys of its own and a stub issuer serving them: what it accepts, refuses, fetches. */
class KeyholdTokenVerifierTest {

  private static final String ISSUER = "https://id.example.com";
  private static final String JWKS = "/.well-known/jwks.json";
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
  private static final TestKeys.Key RSA = TestKeys.Key.generate("RS256", "rsa-1");

  private final StubServer issuer = new StubServer();
  private final MutableClock clock = new MutableClock(NOW);

  @AfterEach
  void stop() {
    issuer.close();
  }

  @Test
  void a_valid_token_gives_its_typed_claims() {
    publish(RSA);
    String token = RSA.token(claims(""
        + "\"scope\":\"members:read org:read\",\"org_id\":\"0a6a\",\"amr\":[\"pwd\",\"otp\"],"
        + "\"email\":\"ada@example.com\",\"email_verified\":true,\"sid\":\"s-1\",\"jti\":\"j-1\""));

    VerifiedToken verified = verifier().verify(token);

    assertThat(verified.subject()).isEqualTo("user-1");
    assertThat(verified.sessionId()).isEqualTo("s-1");
    assertThat(verified.scopes()).containsExactly("members:read", "org:read");
    assertThat(verified.organization()).contains("0a6a");
    assertThat(verified.authMethods()).containsExactly("pwd", "otp");
    assertThat(verified.passedSecondFactor()).isTrue();
    assertThat(verified.email()).isEqualTo("ada@example.com");
    assertThat(verified.emailVerified()).isTrue();
    assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    assertThat(verified.issuedAt()).isEqualTo(NOW);
    assertThat(verified.jwtId()).isEqualTo("j-1");
    assertThat(verified.requireScope("members:read").requireOrganization("0A6A")).isSameAs(verified);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "EdDSA"})
  void the_other_algorithms_keyhold_signs_with_verify_too(String alg) {
    TestKeys.Key key = TestKeys.Key.generate(alg, "k-" + alg);
    publish(key);
    assertThat(verifier().verify(key.token(claims(""))).subject()).isEqualTo("user-1");
  }

  @Test
  void scope_organization_and_second_factor_helpers_refuse_with_insufficient_scope() {
    publish(RSA);
    VerifiedToken verified = verifier().verify(RSA.token(claims("\"scope\":\"org:read\",\"amr\":[\"pwd\"]")));

    assertThatThrownBy(() -> verified.requireScope("members:read"))
        .isInstanceOfSatisfying(InsufficientScopeException.class, e -> {
          assertThat(e.required()).isEqualTo("members:read");
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.errorCode()).isEqualTo("insufficient_scope");
        });
    assertThatThrownBy(() -> verified.requireOrganization("0a6a")).isInstanceOf(InsufficientScopeException.class);
    assertThatThrownBy(verified::requireSecondFactor).isInstanceOf(InsufficientScopeException.class);
  }

  @Test
  void a_tampered_token_is_refused() {
    publish(RSA);
    String token = RSA.token(claims("\"scope\":\"org:read\""));
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + TestKeys.b64(claims("\"scope\":\"org:delete\"")) + "." + parts[2];

    assertRejected(forged, "bad_signature");
    assertRejected(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
        "bad_signature");
  }

  @Test
  void claims_are_checked() {
    publish(RSA);
    assertRejected(RSA.token("{\"iss\":\"https://other.example.com\",\"aud\":\"keyhold\",\"sub\":\"u\","
        + "\"iat\":" + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 900) + "}"), "bad_issuer");
    assertRejected(RSA.token(payload("\"another-api\"", "\"sub\":\"u\"", 0, 900)), "bad_audience");
    assertThat(verifier().verify(RSA.token(payload("[\"other\",\"keyhold\"]", "\"sub\":\"u\"", 0, 900))).subject())
        .as("an audience list containing ours").isEqualTo("u");
    assertRejected(RSA.token(payload("\"keyhold\"", "\"jti\":\"j\"", 0, 900)), "missing_claim");
    assertRejected(RSA.token(claims("\"sub\":\"someone-else\"")), "malformed"); // sub given twice
    assertRejected(RSA.token(claims("\"scope\":[\"org:read\"]")), "malformed"); // a claim of the wrong type
  }

  @Test
  void expiry_and_not_before_are_checked_with_the_bounded_skew() {
    publish(RSA);
    KeyholdTokenVerifier verifier = verifier();
    String token = RSA.token(claims(""));

    clock.advance(Duration.ofSeconds(900 + 29));
    assertThat(verifier.verify(token).subject()).as("within the 30 s skew").isEqualTo("user-1");
    clock.advance(Duration.ofSeconds(1));
    assertRejected(verifier, token, "expired");

    long now = clock.instant().getEpochSecond();
    String early = RSA.token(payload("\"keyhold\"", "\"sub\":\"u\",\"nbf\":" + (now + 31), 929, 3600));
    assertRejected(verifier, early, "not_yet_valid");
    String nearlyValid = RSA.token(payload("\"keyhold\"", "\"sub\":\"u\",\"nbf\":" + (now + 30), 929, 3600));
    assertThat(verifier.verify(nearlyValid).subject()).as("nbf within the skew").isEqualTo("u");
    String fromTheFuture = RSA.token(payload("\"keyhold\"", "\"sub\":\"u\"", 930 + 31, 7200));
    assertRejected(verifier, fromTheFuture, "not_yet_valid");

    assertThatThrownBy(() -> KeyholdTokenVerifier.forIssuer(ISSUER).clockSkew(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_header_is_checked_and_the_algorithm_pinned_to_the_key() {
    TestKeys.Key es = TestKeys.Key.generate("ES256", "ec-1");
    publish(RSA, es);
    String payload = claims("");
    assertRejected(RSA.sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}", payload), "bad_type");
    assertRejected(RSA.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", payload), "bad_type");
    assertRejected(RSA.sign("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", payload), "missing_kid");
    assertRejected(RSA.sign("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\",\"jku\":\"https://evil\"}",
        payload), "forbidden_header");
    assertRejected(TestKeys.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}") + "."
        + TestKeys.b64(payload) + ".", "malformed");
    assertRejected(TestKeys.b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}") + "."
        + TestKeys.b64(payload) + ".AA", "bad_alg");
    assertRejected(RSA.sign("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}", payload), "bad_alg");
    assertRejected(RSA.sign("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}", payload), "bad_alg");
    assertRejected(es.sign("{\"alg\":\"ES256\",\"typ\":\"application/at+jwt\",\"kid\":\"ec-1\"}", payload) + "",
        null);
    KeyholdTokenVerifier rsaOnly = builder().algorithms("RS256").build();
    assertRejected(rsaOnly, es.token(payload), "bad_alg");
    for (String garbage : new String[] {"", "abc", "a.b", "a.b.c.d", "..", "e30.e30.", "!!.e30.AA"}) {
      assertRejected(garbage, "malformed");
    }
  }

  @Test
  void an_unknown_kid_refetches_at_most_once_per_interval() {
    publish(RSA);
    KeyholdTokenVerifier verifier = verifier();
    verifier.verify(RSA.token(claims("")));
    assertThat(issuer.hits(JWKS)).isEqualTo(1);

    TestKeys.Key stranger = TestKeys.Key.generate("RS256", "unknown");
    clock.advance(Duration.ofSeconds(31)); // past the interval since the first fetch
    for (int i = 0; i < 20; i++) {
      assertRejected(verifier, stranger.token(claims("")), "unknown_kid");
    }
    assertThat(issuer.hits(JWKS)).as("one refetch for twenty forged kids").isEqualTo(2);

    clock.advance(Duration.ofSeconds(29));
    assertRejected(verifier, stranger.token(claims("")), "unknown_kid");
    assertThat(issuer.hits(JWKS)).as("still within the interval").isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertRejected(verifier, stranger.token(claims("")), "unknown_kid");
    assertThat(issuer.hits(JWKS)).isEqualTo(3);
    assertThat(verifier.verify(RSA.token(claims(""))).subject()).as("known keys need no fetch").isEqualTo("user-1");
    assertThat(issuer.hits(JWKS)).isEqualTo(3);
  }

  @Test
  void a_rotated_key_is_fetched_when_a_token_names_it() {
    publish(RSA);
    KeyholdTokenVerifier verifier = verifier();
    verifier.verify(RSA.token(claims("")));
    TestKeys.Key next = TestKeys.Key.generate("RS256", "rsa-2");
    publish(RSA, next);
    clock.advance(Duration.ofSeconds(30));

    assertThat(verifier.verify(next.token(claims(""))).subject()).isEqualTo("user-1");
    assertThat(issuer.hits(JWKS)).isEqualTo(2);
  }

  @Test
  void keys_are_cached_as_cache_control_says_within_the_bounds() {
    publish(Map.of("Cache-Control", "public, max-age=120"), RSA);
    KeyholdTokenVerifier verifier = verifier();
    String token = RSA.token(payload("\"keyhold\"", "\"sub\":\"u\"", 0, 3600));
    verifier.verify(token);
    clock.advance(Duration.ofSeconds(119));
    verifier.verify(token);
    assertThat(issuer.hits(JWKS)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    verifier.verify(token);
    assertThat(issuer.hits(JWKS)).as("max-age=120 ran out").isEqualTo(2);

    publish(Map.of("Cache-Control", "max-age=1"), RSA);
    clock.advance(Duration.ofSeconds(120));
    verifier.verify(token);
    assertThat(issuer.hits(JWKS)).isEqualTo(3);
    clock.advance(Duration.ofSeconds(59));
    verifier.verify(token);
    assertThat(issuer.hits(JWKS)).as("held for the 1-minute minimum, not 1 s").isEqualTo(3);

    KeySource source = new KeySource(() -> null, java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(1),
        clock, Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofSeconds(30), java.util.Set.of("RS256"));
    assertThat(source.maxAge("max-age=999999999999")).isEqualTo(Duration.ofDays(1));
    assertThat(source.maxAge("no-store")).isEqualTo(Duration.ofMinutes(1));
    assertThat(source.maxAge(null)).isEqualTo(KeySource.DEFAULT_LIFETIME);
    assertThat(source.maxAge("s-maxage=5, max-age=600")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void an_issuer_outage_keeps_the_cached_keys_and_without_any_is_no_token_rejection() {
    publish(RSA);
    KeyholdTokenVerifier verifier = verifier();
    String token = RSA.token(payload("\"keyhold\"", "\"sub\":\"u\"", 0, 36000));
    verifier.verify(token);
    issuer.answer(JWKS, new StubServer.Answer(503, "text/plain", Map.of(), "down"));
    clock.advance(Duration.ofMinutes(10));
    assertThat(verifier.verify(token).subject()).isEqualTo("u");
    assertThat(verifier.verify(token).subject()).isEqualTo("u");
    assertThat(issuer.hits(JWKS)).as("one failed try per interval").isEqualTo(2);

    KeyholdTokenVerifier fresh = verifier();
    assertThatThrownBy(() -> fresh.verify(token)).isInstanceOf(KeySourceUnavailableException.class);
    assertThatThrownBy(() -> fresh.verify(token)).isInstanceOf(KeySourceUnavailableException.class);
    assertThat(issuer.hits(JWKS)).as("the second try waits for the interval").isEqualTo(3);
  }

  @Test
  void discovery_finds_the_keys_from_the_issuer_url() {
    String issuerUrl = issuer.uri("").toString();
    issuer.answer("/.well-known/openid-configuration", StubServer.Answer.json("{\"issuer\":\"" + issuerUrl
        + "\",\"jwks_uri\":\"" + issuer.uri("/keys") + "\",\"token_endpoint\":\"" + issuerUrl + "/api/v1/token\"}",
        Map.of()));
    issuer.answer("/keys", StubServer.Answer.json(TestKeys.jwks(RSA), Map.of()));
    KeyholdTokenVerifier verifier = KeyholdTokenVerifier.forIssuer(issuerUrl).clock(clock).build();

    String token = RSA.token("{\"iss\":\"" + issuerUrl + "\",\"aud\":\"keyhold\",\"sub\":\"u\",\"iat\":"
        + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 900) + "}");
    assertThat(verifier.verify(token).subject()).isEqualTo("u");
    assertThat(verifier.verify(token).subject()).isEqualTo("u");
    assertThat(issuer.hits("/.well-known/openid-configuration")).isEqualTo(1);
    assertThat(issuer.hits("/keys")).isEqualTo(1);
  }

  @Test
  void discovery_falls_back_to_rfc_8414_and_refuses_a_document_of_another_issuer() {
    String issuerUrl = issuer.uri("").toString();
    issuer.answer("/.well-known/oauth-authorization-server", StubServer.Answer.json("{\"issuer\":\"" + issuerUrl
        + "\",\"jwks_uri\":\"" + issuer.uri("/keys") + "\"}", Map.of()));
    issuer.answer("/keys", StubServer.Answer.json(TestKeys.jwks(RSA), Map.of()));
    String token = RSA.token("{\"iss\":\"" + issuerUrl + "\",\"aud\":\"keyhold\",\"sub\":\"u\",\"iat\":"
        + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 900) + "}");
    assertThat(KeyholdTokenVerifier.forIssuer(issuerUrl).clock(clock).build().verify(token).subject()).isEqualTo("u");

    issuer.answer("/.well-known/oauth-authorization-server", StubServer.Answer.json(
        "{\"issuer\":\"https://evil.example.com\",\"jwks_uri\":\"" + issuer.uri("/keys") + "\"}", Map.of()));
    KeyholdTokenVerifier misled = KeyholdTokenVerifier.forIssuer(issuerUrl).clock(clock).build();
    assertThatThrownBy(() -> misled.verify(token)).isInstanceOf(KeySourceUnavailableException.class);
  }

  @Test
  void rejections_say_why_but_never_carry_the_token() {
    publish(RSA);
    String token = RSA.token(payload("\"other\"", "\"sub\":\"u\"", 0, 900));
    assertThatThrownBy(() -> verifier().verify(token))
        .isInstanceOfSatisfying(InvalidAccessTokenException.class, e -> {
          assertThat(e.getMessage()).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.errorCode()).isEqualTo("invalid_token");
        });
  }

  // ---- helpers

  private KeyholdTokenVerifier.Builder builder() {
    return KeyholdTokenVerifier.forJwks(issuer.uri(JWKS), ISSUER).clock(clock);
  }

  private KeyholdTokenVerifier verifier() {
    return builder().build();
  }

  private void publish(TestKeys.Key... keys) {
    publish(Map.of("Cache-Control", "public, max-age=300"), keys);
  }

  private void publish(Map<String, String> headers, TestKeys.Key... keys) {
    issuer.answer(JWKS, StubServer.Answer.json(TestKeys.jwks(keys), headers));
  }

  /** Keyhold-like claims for user-1, issued now for 15 minutes, plus {@code extra} (JSON members, may be empty). */
  private static String claims(String extra) {
    return payload("\"keyhold\"", "\"sub\":\"user-1\"" + (extra.isEmpty() ? "" : "," + extra), 0, 900);
  }

  private static String payload(String audience, String members, long issuedIn, long expiresIn) {
    return "{\"iss\":\"" + ISSUER + "\",\"aud\":" + audience + "," + members + ",\"iat\":"
        + (NOW.getEpochSecond() + issuedIn) + ",\"exp\":" + (NOW.getEpochSecond() + expiresIn) + "}";
  }

  private void assertRejected(String token, String reason) {
    assertRejected(verifier(), token, reason);
  }

  private static void assertRejected(KeyholdTokenVerifier verifier, String token, String reason) {
    if (reason == null) {
      verifier.verify(token);
      return;
    }
    assertThatThrownBy(() -> verifier.verify(token)).as(reason)
        .isInstanceOfSatisfying(InvalidAccessTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
