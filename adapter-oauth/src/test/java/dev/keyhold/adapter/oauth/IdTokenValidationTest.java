package dev.keyhold.adapter.oauth;

import static dev.keyhold.adapter.oauth.GenericProviderTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.keyhold.identity.spi.IdentityProvider;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a provider must never get accepted, served by a stub provider whose token endpoint answers tokens the test
 * crafts: unsigned, HMAC-signed, signed with unpublished keys, expired.
 */
class IdTokenValidationTest {

  private static final String NONCE = "n-0S6_WzA2Mj";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private StubProvider stub;
  private IdentityProvider provider;

  @BeforeEach
  void start() {
    stub = new StubProvider();
    provider = OidcProviders.generic(stub.settings());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private void exchange() {
    provider.exchange("the-code", StubProvider.REDIRECT_URI, VERIFIER, NONCE);
  }

  private String signed(JWTClaimsSet claims) {
    return StubProvider.sign(stub.key, claims);
  }

  @Test
  void a_correctly_signed_token_is_accepted() {
    stub.issue(signed(stub.claims(NONCE).build()));

    assertThat(provider.exchange("the-code", StubProvider.REDIRECT_URI, VERIFIER, NONCE).subject()).isEqualTo("user-1");
  }

  @Test
  void an_unsigned_token_is_refused() {
    stub.issue(new PlainJWT(stub.claims(NONCE).build()).serialize());

    assertRefused(this::exchange, "bad_signature");
  }

  @Test
  void a_token_signed_with_hmac_keyed_by_the_providers_public_key_is_refused() throws JOSEException {
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(stub.key.getKeyID()).build(),
        stub.claims(NONCE).build());
    forged.sign(new MACSigner(stub.key.toPublicKey().getEncoded()));
    stub.issue(forged.serialize());

    assertRefused(this::exchange, "bad_signature");
  }

  @Test
  void a_token_signed_with_hmac_keyed_by_the_client_secret_is_refused() throws JOSEException {
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), stub.claims(NONCE).build());
    hmac.sign(new MACSigner((StubProvider.CLIENT_SECRET + StubProvider.CLIENT_SECRET).getBytes()));
    stub.issue(hmac.serialize());

    assertRefused(this::exchange, "bad_signature");
  }

  @Test
  void a_token_with_a_tampered_payload_is_refused() {
    String genuine = signed(stub.claims(NONCE).build());
    String[] parts = genuine.split("\\.");
    String tampered = parts[0] + "." + Base64URL.encode(stub.claims(NONCE).subject("admin").build().toString())
        + "." + parts[2];
    stub.issue(tampered);

    assertRefused(this::exchange, "bad_signature");
  }

  @Test
  void an_algorithm_the_provider_offers_but_we_do_not_accept_is_refused() throws JOSEException {
    stub.discoveryOverrides = Map.of("id_token_signing_alg_values_supported", List.of("RS256", "RS512"));
    SignedJWT rs512 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(stub.key.getKeyID()).build(),
        stub.claims(NONCE).build());
    rs512.sign(new RSASSASigner(stub.key));
    stub.issue(rs512.serialize());

    assertRefused(this::exchange, "bad_signature");
  }

  @Test
  void an_es256_token_is_accepted_from_a_provider_that_signs_with_it() throws JOSEException {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    stub.publishedKeys = new JWKSet(List.of(stub.key.toPublicJWK(), ec.toPublicJWK()));
    stub.discoveryOverrides = Map.of("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
    SignedJWT es256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
        stub.claims(NONCE).build());
    es256.sign(new ECDSASigner(ec));
    stub.issue(es256.serialize());

    assertThat(provider.exchange("the-code", StubProvider.REDIRECT_URI, VERIFIER, NONCE).subject()).isEqualTo("user-1");
  }

  @Test
  void an_unknown_key_id_triggers_one_refetch_of_the_keys_and_no_more() {
    stub.issue(signed(stub.claims(NONCE).build()));
    exchange();
    assertThat(stub.keyFetches).hasValue(1);

    RSAKey unpublished = StubProvider.newKey("k-unpublished");
    stub.issue(StubProvider.sign(unpublished, stub.claims(NONCE).build()));
    assertRefused(this::exchange, "bad_signature");
    assertThat(stub.keyFetches).as("one refetch for the unknown key id").hasValue(2);

    assertRefused(this::exchange, "bad_signature");
    assertRefused(this::exchange, "bad_signature");
    assertThat(stub.keyFetches).as("no further refetch within the interval").hasValue(2);
  }

  @Test
  void a_rotated_key_is_picked_up_by_the_refetch() {
    stub.issue(signed(stub.claims(NONCE).build()));
    exchange();

    RSAKey next = StubProvider.newKey("k2");
    stub.publishedKeys = new JWKSet(List.of(next.toPublicJWK()));
    stub.issue(StubProvider.sign(next, stub.claims(NONCE).subject("user-2").build()));

    assertThat(provider.exchange("the-code", StubProvider.REDIRECT_URI, VERIFIER, NONCE).subject()).isEqualTo("user-2");
    assertThat(stub.keyFetches).hasValue(2);
  }

  @Test
  void known_keys_are_not_fetched_again() {
    stub.issue(signed(stub.claims(NONCE).build()));
    exchange();
    exchange();
    exchange();

    assertThat(stub.keyFetches).hasValue(1);
    assertThat(stub.discoveryFetches).hasValue(1);
  }

  @Test
  void a_token_expired_beyond_the_clock_skew_is_refused() {
    Instant now = Instant.now();
    stub.issue(signed(stub.claims(NONCE)
        .issueTime(Date.from(now.minusSeconds(600)))
        .expirationTime(Date.from(now.minusSeconds(OidcRelyingParty.MAX_CLOCK_SKEW_SECONDS + 5)))
        .build()));

    assertRefused(this::exchange, "expired");
  }

  @Test
  void a_token_expired_within_the_clock_skew_is_accepted() {
    Instant now = Instant.now();
    stub.issue(signed(stub.claims(NONCE)
        .issueTime(Date.from(now.minusSeconds(600)))
        .expirationTime(Date.from(now.minusSeconds(OidcRelyingParty.MAX_CLOCK_SKEW_SECONDS - 30)))
        .build()));

    exchange();
  }

  @Test
  void a_token_without_expiry_is_refused() {
    stub.issue(signed(stub.claims(NONCE).expirationTime(null).build()));

    assertRefused(this::exchange, "expired");
  }

  @Test
  void a_token_without_a_nonce_is_refused() {
    stub.issue(signed(stub.claims(NONCE).claim("nonce", null).build()));

    assertRefused(this::exchange, "bad_nonce");
  }

  @Test
  void a_token_without_a_subject_is_refused() {
    stub.issue(signed(stub.claims(NONCE).subject(null).build()));

    assertRefused(this::exchange, "bad_subject");
  }

  @Test
  void a_token_signed_by_the_provider_but_naming_another_issuer_is_refused() {
    stub.issue(signed(stub.claims(NONCE).issuer("https://accounts.google.com").build()));

    assertRefused(this::exchange, "bad_issuer");
  }

  @Test
  void a_token_whose_claims_are_not_json_is_refused() {
    stub.issue("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0." + Base64URL.encode("not json") + ".c2ln");

    assertRefused(this::exchange, "malformed_id_token");
  }

  @Test
  void a_token_response_without_an_id_token_is_refused() {
    stub.tokenEndpoint = body -> new StubProvider.Answer(200,
        "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300}");

    assertRefused(this::exchange, "no_id_token");
  }
}
