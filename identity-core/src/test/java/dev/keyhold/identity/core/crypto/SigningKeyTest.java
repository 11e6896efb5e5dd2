package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningKeyTest {

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void a_generated_key_is_named_by_its_rfc7638_thumbprint(SigningAlgorithm algorithm) throws Exception {
    SigningKey key = SigningKey.generate(algorithm);
    JWK publicJwk = JWK.parse(key.toPublicJwkJson());

    assertThat(key.algorithm()).isEqualTo(algorithm);
    assertThat(key.kid()).isEqualTo(publicJwk.computeThumbprint().toString()).matches("[A-Za-z0-9_-]{43}");
    assertThat(publicJwk.getKeyID()).isEqualTo(key.kid());
    assertThat(publicJwk.getAlgorithm().getName()).isEqualTo(algorithm.jwsName());
    assertThat(publicJwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
    assertThat(publicJwk.isPrivate()).isFalse();
  }

  @Test
  void generates_the_key_types_of_each_algorithm() throws Exception {
    assertThat(JWK.parse(SigningKey.generate(SigningAlgorithm.RS256).toPublicJwkJson()).size()).isEqualTo(2048);
    assertThat(JWK.parse(SigningKey.generate(SigningAlgorithm.ES256).toPublicJwkJson()).toJSONObject())
        .containsEntry("kty", "EC").containsEntry("crv", "P-256");
    assertThat(JWK.parse(SigningKey.generate(SigningAlgorithm.EdDSA).toPublicJwkJson()).toJSONObject())
        .containsEntry("kty", "OKP").containsEntry("crv", "Ed25519");
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void survives_a_round_trip_through_its_private_jwk(SigningAlgorithm algorithm) {
    SigningKey original = SigningKey.generate(algorithm);

    SigningKey restored = SigningKey.fromPrivateJwkJson(original.toPrivateJwkJson());

    assertThat(restored).isEqualTo(original);
    assertThat(restored.kid()).isEqualTo(original.kid());
    assertThat(restored.algorithm()).isEqualTo(algorithm);
    assertThat(restored.toPublicJwkJson()).isEqualTo(original.toPublicJwkJson());
    // a token signed before the restore verifies after it
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    AccessTokenClaims claims = new AccessTokenClaims("iss", "aud", "user", clock.instant(),
        clock.instant().plusSeconds(60), "jti", "sid", List.of(), List.of(), null, false, null);
    String token = JoseAccessTokens.create(SigningKeys.of(original), "iss", "aud", clock).sign(claims);
    assertThat(JoseAccessTokens.create(SigningKeys.of(restored), "iss", "aud", clock).verify(token))
        .isEqualTo(claims);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void never_prints_private_material(SigningAlgorithm algorithm) throws Exception {
    SigningKey key = SigningKey.generate(algorithm);
    Map<String, Object> privateJwk = JWK.parse(key.toPrivateJwkJson()).toJSONObject();

    assertThat(privateJwk).containsKey("d");
    assertThat(key.toString())
        .isEqualTo("SigningKey[kid=" + key.kid() + ", algorithm=" + algorithm + "]")
        .doesNotContain((String) privateJwk.get("d"));
    assertThat(key.toPublicJwkJson()).doesNotContain((String) privateJwk.get("d")).doesNotContain("\"d\"");
  }

  @Test
  void imports_a_foreign_key_and_names_it_by_its_thumbprint_when_it_has_no_kid() throws Exception {
    RSAKey foreign = new RSAKeyGenerator(2048).generate();

    SigningKey key = SigningKey.fromPrivateJwkJson(foreign.toJSONString());

    assertThat(key.algorithm()).isEqualTo(SigningAlgorithm.RS256);
    assertThat(key.kid()).isEqualTo(foreign.computeThumbprint().toString());
  }

  @Test
  void keeps_the_kid_of_an_imported_key() throws Exception {
    String json = new ECKeyGenerator(Curve.P_256).keyID("2030-key").generate().toJSONString();

    SigningKey key = SigningKey.fromPrivateJwkJson(json);

    assertThat(key.kid()).isEqualTo("2030-key");
    assertThat(key.algorithm()).isEqualTo(SigningAlgorithm.ES256);
  }

  @Test
  void refuses_a_public_jwk() {
    String publicOnly = SigningKey.generate(SigningAlgorithm.ES256).toPublicJwkJson();

    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson(publicOnly))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private key");
  }

  @Test
  void refuses_an_rsa_key_shorter_than_2048_bits() throws Exception {
    String weak = new RSAKeyGenerator(1024, true).generate().toJSONString();

    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson(weak)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_a_key_of_an_unsupported_curve() throws Exception {
    String p384 = new ECKeyGenerator(Curve.P_384).generate().toJSONString();

    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson(p384)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_a_jwk_whose_alg_does_not_fit_its_key() throws Exception {
    String json = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.PS256).generate().toJSONString();

    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson(json)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_an_encryption_key() throws Exception {
    String json = new RSAKeyGenerator(2048).keyUse(KeyUse.ENCRYPTION).generate().toJSONString();

    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson(json)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_a_jwk_whose_private_half_belongs_to_another_key() throws Exception {
    RSAKey one = new RSAKeyGenerator(2048).generate();
    RSAKey other = new RSAKeyGenerator(2048).generate();
    RSAKey mixed = new RSAKey.Builder(one.toRSAPublicKey()).privateKey(other.toRSAPrivateKey()).build();

    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson(mixed.toJSONString()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refuses_garbage_without_echoing_it() {
    String secretLooking = "{\"kty\":\"RSA\",\"d\":\"super-secret-value\"";

    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson(secretLooking))
        .isInstanceOf(IllegalArgumentException.class)
        .hasNoCause()
        .message().doesNotContain("super-secret-value");
    assertThatThrownBy(() -> SigningKey.fromPrivateJwkJson("not json")).isInstanceOf(IllegalArgumentException.class);
  }
}
