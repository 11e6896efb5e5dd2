package com.example.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.identity.CapturingMailer;
import dev.keyhold.adapter.http.HttpApi;
import dev.keyhold.adapter.http.HttpApiSettings;
import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.client.KeyholdClient;
import dev.keyhold.client.KeyholdTokenVerifier;
import dev.keyhold.client.Tokens;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the samples of docs/clients.md against a real Keyhold over HTTP: the memory stores behind the HTTP adapter on
 * a loopback port, as the guide's "embedding" pages wire them.
 */
class ClientSamplesTest {

  private static final String PUBLIC_URL = "https://id.example.com";

  private static final CapturingMailer mailer = new CapturingMailer();
  private static Keyhold keyhold;
  private static HttpApi server;
  private static String baseUrl;

  @BeforeAll
  static void start() {
    keyhold = Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.defaults(PUBLIC_URL))
        .mailer(mailer)
        .build();
    server = HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 65_536))
        .accounts(keyhold.accounts())
        .sessions(keyhold.sessions())
        .twoFactor(keyhold.twoFactor())
        .organizations(keyhold.organizations())
        .administration(keyhold.administration())
        .auditTrail(keyhold.audit())
        .build()
        .start();
    baseUrl = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void the_client_samples_register_sign_in_explain_refusals_and_use_a_session() {
    ClientSamples samples = new ClientSamples(baseUrl, methods -> {
      throw new AssertionError("Ada has no second factor");
    });
    KeyholdClient keyhold = samples.client();
    samples.register(keyhold);
    ClientSamplesTest.keyhold.mail().deliverDue();
    samples.verify(keyhold, mailer.lastTokenTo("ada@example.com"));

    Tokens tokens = samples.signIn(keyhold);
    assertThat(tokens.accessToken()).isNotBlank();
    assertThat(samples.explainRefusal(keyhold)).startsWith("Wrong email or password (request ");

    String summary = samples.useASession(keyhold, tokens);
    assertThat(summary).startsWith("ada@example.com acme pending 1 true ");
    String orgToken = summary.substring(summary.lastIndexOf(' ') + 1);

    KeyholdTokenVerifier verifier = samples.verifierFromTheJwksUrl(
        URI.create(baseUrl + "/.well-known/jwks.json"), PUBLIC_URL);
    String orgId = verifier.verify(orgToken).organizationId();
    assertThat(samples.handle(verifier, "Bearer " + orgToken, orgId)).isEqualTo(200);
    assertThat(samples.handle(verifier, "Bearer " + orgToken, "0a6a0000-0000-0000-0000-000000000000"))
        .isEqualTo(403);
    assertThat(samples.handle(verifier, "Bearer " + orgToken + "x", orgId)).isEqualTo(401);
    assertThat(samples.handle(verifier, null, orgId)).isEqualTo(401);
    assertThat(samples.verifierFromTheIssuer().issuer()).as("built without fetching anything yet")
        .isEqualTo(PUBLIC_URL);
  }
}
