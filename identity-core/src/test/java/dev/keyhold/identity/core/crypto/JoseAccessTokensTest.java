package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JoseAccessTokensTest {

  private static final String ISSUER = "https://id.example.com";
  private static final String AUDIENCE = "https://api.example.com";
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

  /** One key per algorithm, generated once: RSA generation is slow. */
  private static final Map<SigningAlgorithm, SigningKey> KEYS = new EnumMap<>(SigningAlgorithm.class);

  static {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      KEYS.put(algorithm, SigningKey.generate(algorithm));
    }
  }

  private static final SigningKey RSA = KEYS.get(SigningAlgorithm.RS256);
  private static final RSAKey ATTACKER_RSA = generateRsa();

  private final JoseAccessTokens tokens = tokens(SigningKeys.of(RSA), CLOCK);

  // ---------------------------------------------------------------- signing and round trips

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void round_trips_all_claims(SigningAlgorithm algorithm) {
    JoseAccessTokens jose = tokens(SigningKeys.of(KEYS.get(algorithm)), CLOCK);
    AccessTokenClaims claims = claims(NOW, NOW.plusSeconds(900));

    assertThat(jose.verify(jose.sign(claims))).isEqualTo(claims);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void signs_with_typ_at_jwt_the_key_algorithm_and_its_kid(SigningAlgorithm algorithm) throws ParseException {
    SigningKey key = KEYS.get(algorithm);
    JoseAccessTokens jose = tokens(SigningKeys.of(key), CLOCK);

    JWSHeader header = SignedJWT.parse(jose.sign(claims(NOW, NOW.plusSeconds(900)))).getHeader();

    assertThat(header.getType().getType()).isEqualTo("at+jwt");
    assertThat(header.getAlgorithm().getName()).isEqualTo(algorithm.jwsName());
    assertThat(header.getKeyID()).isEqualTo(key.kid());
    assertThat(header.getIncludedParams()).containsExactlyInAnyOrder("alg", "typ", "kid");
  }

  @Test
  void writes_the_claims_under_their_jwt_names() throws ParseException {
    Map<String, Object> payload = payloadOf(tokens.sign(claims(NOW, NOW.plusSeconds(900))));

    assertThat(payload).containsOnlyKeys(
        "iss", "aud", "sub", "iat", "exp", "jti", "sid", "scope", "amr", "email", "email_verified", "org_id");
    assertThat(payload)
        .containsEntry("iss", ISSUER)
        .containsEntry("aud", AUDIENCE) // a single string, not an array
        .containsEntry("sub", "user-1")
        .containsEntry("iat", NOW.getEpochSecond())
        .containsEntry("exp", NOW.getEpochSecond() + 900)
        .containsEntry("jti", "jti-1")
        .containsEntry("sid", "sid-1")
        .containsEntry("scope", "openid profile orgs:read")
        .containsEntry("amr", List.of("pwd", "otp"))
        .containsEntry("email", "Ann@Example.com")
        .containsEntry("email_verified", true)
        .containsEntry("org_id", "org-1");
  }

  @Test
  void omits_scope_when_empty_and_org_id_when_absent() throws ParseException {
    AccessTokenClaims claims = new AccessTokenClaims(ISSUER, AUDIENCE, "user-1", NOW, NOW.plusSeconds(900), "jti-1",
        "sid-1", List.of(), List.of("pwd"), "ann@example.com", false, null);
    String token = tokens.sign(claims);

    assertThat(payloadOf(token)).doesNotContainKeys("scope", "org_id").containsEntry("email_verified", false);
    assertThat(tokens.verify(token)).isEqualTo(claims);
  }

  @Test
  void refuses_to_sign_claims_for_another_issuer_or_audience() {
    AccessTokenClaims otherIssuer = new AccessTokenClaims("https://other.example", AUDIENCE, "user-1", NOW,
        NOW.plusSeconds(900), "jti-1", "sid-1", List.of(), List.of(), null, false, null);
    AccessTokenClaims otherAudience = new AccessTokenClaims(ISSUER, "other", "user-1", NOW,
        NOW.plusSeconds(900), "jti-1", "sid-1", List.of(), List.of(), null, false, null);

    assertThatThrownBy(() -> tokens.sign(otherIssuer)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.sign(otherAudience)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_to_sign_a_scope_containing_white_space() {
    AccessTokenClaims claims = new AccessTokenClaims(ISSUER, AUDIENCE, "user-1", NOW, NOW.plusSeconds(900), "jti-1",
        "sid-1", List.of("read write"), List.of(), null, false, null);

    assertThatThrownBy(() -> tokens.sign(claims)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- algorithm and header attacks

  @Test
  void rejects_a_token_signed_with_alg_none() {
    PlainHeader header = new PlainHeader.Builder().type(AT_JWT).customParam("kid", RSA.kid()).build();
    String token = new PlainJWT(header, validClaims().build()).serialize();

    assertThat(token).endsWith(".");
    assertRejected(token, "bad_alg");
  }

  @Test
  void rejects_alg_none_in_other_letter_case() {
    String header = base64Json("{\"alg\":\"NONE\",\"typ\":\"at+jwt\",\"kid\":\"" + RSA.kid() + "\"}");
    String payload = validClaims().build().toPayload().toBase64URL().toString();

    assertRejected(header + "." + payload + ".", "malformed"); // nimbus refuses an empty signature outright
    assertRejected(header + "." + payload + ".AAAA", "bad_alg");
  }

  @Test
  void rejects_an_hs256_token_keyed_with_our_rsa_public_key() throws Exception {
    byte[] publicKeyBytes = RSA.publicJwk().toRSAKey().toRSAPublicKey().getEncoded();
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(AT_JWT).keyID(RSA.kid()).build();

    assertRejected(sign(header, validClaims().build(), new MACSigner(publicKeyBytes)), "bad_alg");
  }

  @Test
  void rejects_a_token_whose_alg_differs_from_the_algorithm_its_key_is_pinned_to() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS256).type(AT_JWT).keyID(RSA.kid()).build();
    String token = sign(header, validClaims().build(), new RSASSASigner(rsaPrivate(RSA)));

    assertRejected(token, "bad_alg");
  }

  @Test
  void rejects_a_token_with_an_embedded_jwk_header() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid())
        .jwk(ATTACKER_RSA.toPublicJWK()).build();

    assertRejected(sign(header, validClaims().build(), new RSASSASigner(ATTACKER_RSA)), "forbidden_header");
  }

  @Test
  void rejects_a_token_with_a_jku_header() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid())
        .jwkURL(URI.create("https://evil.example/jwks.json")).build();

    assertRejected(sign(header, validClaims().build(), RSA.signer()), "forbidden_header");
  }

  @Test
  void rejects_a_token_with_an_x5u_or_x5c_header() throws Exception {
    JWSHeader x5u = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid())
        .x509CertURL(URI.create("https://evil.example/cert.pem")).build();
    JWSHeader x5c = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid())
        .x509CertChain(List.of(Base64.encode("not a certificate"))).build();

    assertRejected(sign(x5u, validClaims().build(), RSA.signer()), "forbidden_header");
    assertRejected(sign(x5c, validClaims().build(), RSA.signer()), "forbidden_header");
  }

  @Test
  void rejects_a_token_with_a_crit_or_unknown_header() throws Exception {
    JWSHeader crit = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid())
        .criticalParams(Set.of("exp")).customParam("exp", 1).build();
    JWSHeader custom = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid())
        .customParam("x-debug", true).build();

    assertRejected(sign(crit, validClaims().build(), RSA.signer()), "forbidden_header");
    assertRejected(sign(custom, validClaims().build(), RSA.signer()), "forbidden_header");
  }

  @Test
  void rejects_a_token_of_another_type() throws Exception {
    JWSHeader plainJwt = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(RSA.kid()).build();
    JWSHeader untyped = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.kid()).build();
    JWSHeader idToken = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("id+jwt"))
        .keyID(RSA.kid()).build();

    assertRejected(sign(plainJwt, validClaims().build(), RSA.signer()), "bad_type");
    assertRejected(sign(untyped, validClaims().build(), RSA.signer()), "bad_type");
    assertRejected(sign(idToken, validClaims().build(), RSA.signer()), "bad_type");
  }

  @Test
  void accepts_the_full_media_type_application_at_jwt() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("application/at+jwt"))
        .keyID(RSA.kid()).build();

    assertThat(tokens.verify(sign(header, validClaims().build(), RSA.signer())).subject()).isEqualTo("user-1");
  }

  @Test
  void rejects_a_token_without_a_kid() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).build();

    assertRejected(sign(header, validClaims().build(), RSA.signer()), "missing_kid");
  }

  @Test
  void rejects_a_token_with_an_unknown_kid() {
    JoseAccessTokens stranger = tokens(SigningKeys.of(KEYS.get(SigningAlgorithm.ES256)), CLOCK);

    assertRejected(stranger.sign(claims(NOW, NOW.plusSeconds(900))), "unknown_kid");
  }

  @Test
  void a_remembered_header_still_needs_its_key_in_the_set_and_a_valid_signature() {
    java.util.concurrent.atomic.AtomicReference<SigningKeys> current =
        new java.util.concurrent.atomic.AtomicReference<>(SigningKeys.of(RSA));
    JoseAccessTokens rotating = JoseAccessTokens.create(current::get, ISSUER, AUDIENCE, CLOCK);
    String token = rotating.sign(claims(NOW, NOW.plusSeconds(900)));
    assertThat(rotating.verify(token).subject()).isEqualTo("user-1");
    String[] parts = token.split("\\.");
    String otherPayload = validClaims().subject("someone-else").build().toPayload().toBase64URL().toString();

    assertRejected(rotating, parts[0] + "." + otherPayload + "." + parts[2], "bad_signature");
    current.set(SigningKeys.of(KEYS.get(SigningAlgorithm.ES256)));
    assertRejected(rotating, token, "unknown_kid");
  }

  @Test
  void many_threads_verifying_at_once_share_the_reused_verifiers_without_mixing_results() throws Exception {
    String valid = tokens.sign(claims(NOW, NOW.plusSeconds(900)));
    String[] parts = valid.split("\\.");
    String forged = parts[0] + "." + validClaims().subject("mallory").build().toPayload().toBase64URL() + "."
        + parts[2];
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        boolean genuine = i % 2 == 0;
        results.add(pool.submit(() -> {
          try {
            tokens.verify(genuine ? valid : forged);
            return genuine;
          } catch (InvalidTokenException e) {
            return !genuine && e.reason().equals("bad_signature");
          }
        }));
      }
      for (java.util.concurrent.Future<Boolean> result : results) {
        assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- signatures

  @Test
  void rejects_a_token_signed_by_another_key_under_our_kid() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid()).build();

    assertRejected(sign(header, validClaims().build(), new RSASSASigner(ATTACKER_RSA)), "bad_signature");
  }

  @Test
  void rejects_a_token_whose_payload_was_changed_after_signing() throws ParseException {
    String[] parts = tokens.sign(claims(NOW, NOW.plusSeconds(900))).split("\\.");
    Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
    payload.put("sub", "admin");
    String tampered = parts[0] + "." + Base64URL.encode(JSONObjectUtils.toJSONString(payload)) + "." + parts[2];

    assertRejected(tampered, "bad_signature");
  }

  @Test
  void rejects_a_token_whose_signature_was_removed() {
    String token = tokens.sign(claims(NOW, NOW.plusSeconds(900)));

    assertRejected(token.substring(0, token.lastIndexOf('.') + 1), "malformed");
  }

  @Test
  void rejects_an_es256_token_with_an_all_zero_signature() throws ParseException {
    SigningKey ec = KEYS.get(SigningAlgorithm.ES256);
    JoseAccessTokens jose = tokens(SigningKeys.of(ec), CLOCK);
    String[] parts = jose.sign(claims(NOW, NOW.plusSeconds(900))).split("\\.");
    String psychic = parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[64]);

    assertThatThrownBy(() -> jose.verify(psychic)).isInstanceOfSatisfying(InvalidTokenException.class,
        e -> assertThat(e.reason()).isEqualTo("bad_signature"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "garbage", "a.b.c", "a.b", "a.b.c.d.e", "eyJhbGciOiJSUzI1NiJ9.e30", "....", " "})
  void rejects_garbage_as_malformed(String garbage) {
    assertRejected(garbage, "malformed");
  }

  @Test
  void rejects_null_and_oversized_input_as_malformed() {
    assertRejected(null, "malformed");
    assertRejected("a".repeat(JoseAccessTokens.MAX_TOKEN_LENGTH + 1), "malformed");
  }

  // ---------------------------------------------------------------- claims

  @Test
  void rejects_a_token_for_another_issuer() {
    JoseAccessTokens otherIssuer = JoseAccessTokens.create(SigningKeys.of(RSA), "https://evil.example", AUDIENCE, CLOCK);
    AccessTokenClaims claims = new AccessTokenClaims("https://evil.example", AUDIENCE, "user-1", NOW,
        NOW.plusSeconds(900), "jti-1", "sid-1", List.of(), List.of(), null, false, null);

    assertRejected(otherIssuer.sign(claims), "bad_issuer");
  }

  @Test
  void rejects_a_token_for_another_audience() {
    JoseAccessTokens otherAudience = JoseAccessTokens.create(SigningKeys.of(RSA), ISSUER, "https://other.api", CLOCK);
    AccessTokenClaims claims = new AccessTokenClaims(ISSUER, "https://other.api", "user-1", NOW,
        NOW.plusSeconds(900), "jti-1", "sid-1", List.of(), List.of(), null, false, null);

    assertRejected(otherAudience.sign(claims), "bad_audience");
  }

  @Test
  void accepts_an_audience_array_that_contains_ours() throws Exception {
    JWTClaimsSet claims = validClaims().audience(List.of("https://other.api", AUDIENCE)).build();

    assertThat(tokens.verify(sign(ourHeader(), claims, RSA.signer())).audience()).isEqualTo(AUDIENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sub", "exp", "iat", "jti"})
  void rejects_a_token_missing_a_required_claim(String claim) throws Exception {
    Map<String, Object> json = validClaims().build().toJSONObject();
    json.remove(claim);

    assertRejected(sign(ourHeader(), JWTClaimsSet.parse(json), RSA.signer()), "missing_claim");
  }

  @Test
  void rejects_a_claim_of_the_wrong_type_as_malformed() throws Exception {
    JWTClaimsSet claims = validClaims().claim("scope", List.of("openid")).build();

    assertRejected(sign(ourHeader(), claims, RSA.signer()), "malformed");
  }

  // ---------------------------------------------------------------- time

  @Test
  void rejects_an_expired_token() {
    String token = tokens.sign(claims(NOW, NOW.plusSeconds(900)));
    JoseAccessTokens later = tokens(SigningKeys.of(RSA), Clock.fixed(NOW.plusSeconds(901), ZoneOffset.UTC));

    assertRejected(later, token, "expired");
  }

  @Test
  void rejects_a_token_at_the_instant_it_expires() {
    String token = tokens.sign(claims(NOW, NOW.plusSeconds(900)));
    JoseAccessTokens atExpiry = tokens(SigningKeys.of(RSA), Clock.fixed(NOW.plusSeconds(900), ZoneOffset.UTC));
    JoseAccessTokens justAfter = tokens(SigningKeys.of(RSA), Clock.fixed(NOW.plusMillis(900_001), ZoneOffset.UTC));

    assertRejected(atExpiry, token, "expired");
    assertRejected(justAfter, token, "expired");
  }

  @Test
  void accepts_a_token_one_second_before_it_expires() {
    String token = tokens.sign(claims(NOW, NOW.plusSeconds(900)));
    JoseAccessTokens almost = tokens(SigningKeys.of(RSA), Clock.fixed(NOW.plusSeconds(899), ZoneOffset.UTC));

    assertThat(almost.verify(token).subject()).isEqualTo("user-1");
  }

  @Test
  void rejects_a_token_issued_more_than_a_minute_in_the_future() {
    String token = tokens.sign(claims(NOW.plusSeconds(61), NOW.plusSeconds(900)));

    assertRejected(token, "not_yet_valid");
  }

  @Test
  void tolerates_a_token_issued_up_to_a_minute_in_the_future() {
    String token = tokens.sign(claims(NOW.plusSeconds(60), NOW.plusSeconds(900)));

    assertThat(tokens.verify(token).issuedAt()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void rejects_a_token_not_valid_before_a_later_time() throws Exception {
    JWTClaimsSet claims = validClaims().notBeforeTime(Date.from(NOW.plusSeconds(1))).build();

    assertRejected(sign(ourHeader(), claims, RSA.signer()), "not_yet_valid");
  }

  @Test
  void sends_times_in_whole_seconds() {
    AccessTokenClaims claims = claims(NOW.plusMillis(999), NOW.plusMillis(900_999));

    AccessTokenClaims verified = tokens.verify(tokens.sign(claims));

    assertThat(verified.issuedAt()).isEqualTo(NOW);
    assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(900));
  }

  // ---------------------------------------------------------------- key sets

  @Test
  void verifies_tokens_signed_by_a_published_key() {
    SigningKey next = KEYS.get(SigningAlgorithm.EdDSA);
    String signedByRetired = tokens.sign(claims(NOW, NOW.plusSeconds(900)));
    JoseAccessTokens rotated = tokens(SigningKeys.of(next, RSA), CLOCK);

    assertThat(rotated.verify(signedByRetired).subject()).isEqualTo("user-1");
    assertThat(rotated.verify(rotated.sign(claims(NOW, NOW.plusSeconds(900)))).subject()).isEqualTo("user-1");
  }

  @Test
  void signs_with_the_active_key_of_the_current_set() throws ParseException {
    AtomicReference<SigningKeys> current = new AtomicReference<>(SigningKeys.of(RSA));
    JoseAccessTokens jose = JoseAccessTokens.create(current::get, ISSUER, AUDIENCE, CLOCK);
    String before = jose.sign(claims(NOW, NOW.plusSeconds(900)));

    SigningKey next = KEYS.get(SigningAlgorithm.ES256);
    current.set(SigningKeys.of(next, RSA));
    String after = jose.sign(claims(NOW, NOW.plusSeconds(900)));

    assertThat(SignedJWT.parse(before).getHeader().getKeyID()).isEqualTo(RSA.kid());
    assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(next.kid());
    assertThat(jose.verify(before)).isEqualTo(jose.verify(after));
  }

  @Test
  void publishes_the_public_keys_of_the_active_and_published_keys() {
    SigningKeys keys = SigningKeys.of(RSA, KEYS.get(SigningAlgorithm.ES256), KEYS.get(SigningAlgorithm.EdDSA));

    List<Map<String, Object>> jwks = jwksOf(tokens(keys, CLOCK));

    assertThat(jwks).extracting(k -> k.get("kid")).containsExactly(
        RSA.kid(), KEYS.get(SigningAlgorithm.ES256).kid(), KEYS.get(SigningAlgorithm.EdDSA).kid());
    assertThat(jwks).extracting(k -> k.get("alg")).containsExactly("RS256", "ES256", "EdDSA");
    assertThat(jwks).allSatisfy(k -> assertThat(k).containsEntry("use", "sig"));
    assertThat(jwks).extracting(k -> k.get("kty")).containsExactly("RSA", "EC", "OKP");
  }

  @Test
  void the_jwks_never_contains_private_parameters() {
    SigningKeys keys = SigningKeys.of(RSA, KEYS.get(SigningAlgorithm.ES256), KEYS.get(SigningAlgorithm.EdDSA));

    assertThat(jwksOf(tokens(keys, CLOCK)))
        .allSatisfy(k -> assertThat(k).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth", "k"));
  }

  // ---------------------------------------------------------------- helpers

  private static JoseAccessTokens tokens(SigningKeys keys, Clock clock) {
    return JoseAccessTokens.create(keys, ISSUER, AUDIENCE, clock);
  }

  private static AccessTokenClaims claims(Instant issuedAt, Instant expiresAt) {
    return new AccessTokenClaims(ISSUER, AUDIENCE, "user-1", issuedAt, expiresAt, "jti-1", "sid-1",
        List.of("openid", "profile", "orgs:read"), List.of("pwd", "otp"), "Ann@Example.com", true, "org-1");
  }

  private static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("user-1")
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(900)))
        .jwtID("jti-1")
        .claim("sid", "sid-1");
  }

  private static JWSHeader ourHeader() {
    return new JWSHeader.Builder(JWSAlgorithm.RS256).type(AT_JWT).keyID(RSA.kid()).build();
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static Map<String, Object> payloadOf(String token) throws ParseException {
    return SignedJWT.parse(token).getPayload().toJSONObject();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> jwksOf(JoseAccessTokens jose) {
    Map<String, Object> jwks = jose.toJwks();
    assertThat(jwks).containsOnlyKeys("keys");
    return (List<Map<String, Object>>) jwks.get("keys");
  }

  private static String base64Json(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static RSAKey rsaPrivate(SigningKey key) {
    try {
      return RSAKey.parse(key.toPrivateJwkJson());
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static RSAKey generateRsa() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (JOSEException e) {
      throw new AssertionError(e);
    }
  }

  private void assertRejected(String token, String reason) {
    assertRejected(tokens, token, reason);
  }

  private static void assertRejected(JoseAccessTokens verifier, String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class, e -> {
      assertThat(e.kind()).isEqualTo(InvalidTokenException.Kind.ACCESS_TOKEN);
      assertThat(e.code()).isEqualTo("invalid_token");
      assertThat(e.reason()).isEqualTo(reason);
    });
  }
}
