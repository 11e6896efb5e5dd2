package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code JWT_ALGORITHM} picks the signing algorithm; tokens verify on the server and name a published key. */
class SigningAlgorithmSelectionTest {

  @ParameterizedTest
  @CsvSource({"ES256, EC", "EdDSA, OKP", "RS256, RSA"})
  void the_configured_algorithm_signs_tokens_that_the_server_accepts(String algorithm, String keyType)
      throws Exception {
    CapturingMailer mail = new CapturingMailer();
    Config config = Config.fromEnvironment(TestDatabase.serverEnvironment(Map.of("JWT_ALGORITHM", algorithm,
        "REQUIRE_VERIFIED_EMAIL", "false")));
    try (KeyholdServer server = TestServers.start(config, mail, true)) {
      ApiClient api = new ApiClient(server.port());
      Map<String, String> credentials = Map.of("email", "alg@example.com", "password", "correct horse battery staple");
      api.post("/api/v1/register", credentials);
      String access = api.post("/api/v1/login", credentials).text("access_token");

      JWSObject jws = JWSObject.parse(access);
      assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
      ApiClient.Response jwks = api.get("/.well-known/jwks.json", null);
      assertThat(jwks.body().get("keys").get(0).get("kty").asText()).isEqualTo(keyType);
      assertThat(jwks.body().get("keys").get(0).get("kid").asText()).isEqualTo(jws.getHeader().getKeyID());
      assertThat(api.get("/api/v1/me", access).status()).isEqualTo(200);
    }
  }
}
