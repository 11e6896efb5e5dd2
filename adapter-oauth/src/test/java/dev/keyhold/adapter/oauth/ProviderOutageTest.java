package dev.keyhold.adapter.oauth;

import static dev.keyhold.adapter.oauth.GenericProviderTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.spi.IdentityProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider that cannot be reached, fails, or answers garbage is {@link ProviderUnavailableException}, whose message
 * names the provider and the step and never a secret; a provider that refuses the code is a refusal.
 */
class ProviderOutageTest {

  private static final String NONCE = "n-0S6_WzA2Mj";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

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

  private void authorize() {
    provider.authorizationUrl(StubProvider.REDIRECT_URI, "state", NONCE, CHALLENGE);
  }

  /** Unavailable, saying which provider and step, with no secret, verifier or code anywhere in the cause chain. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertUnavailable(Runnable call, String step) {
    return assertThatThrownBy(call::run)
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageStartingWith("The identity provider stub is unavailable: ")
        .hasMessageContaining(step)
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()))
                .doesNotContain(StubProvider.CLIENT_SECRET, VERIFIER, "the-code");
          }
        });
  }

  @Test
  void a_provider_that_is_down_is_unavailable_for_both_steps() {
    int closedPort = closedPort();
    IdentityProvider down = OidcProviders.generic(GenericOidcSettings.of("stub", "Stub",
        URI.create("http://127.0.0.1:" + closedPort), "id", StubProvider.CLIENT_SECRET,
        List.of(StubProvider.REDIRECT_URI)));

    assertUnavailable(() -> down.authorizationUrl(StubProvider.REDIRECT_URI, "s", NONCE, CHALLENGE),
        "discovery document could not be reached");
    assertUnavailable(() -> down.exchange("code", StubProvider.REDIRECT_URI, VERIFIER, NONCE),
        "discovery document could not be reached");
  }

  @Test
  void a_provider_that_does_not_answer_in_time_is_unavailable() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          accepted.add(silent.accept());
        } catch (IOException e) {
          // closed at the end of the test
        }
      });
      acceptor.start();
      IdentityProvider slow = OidcProviders.generic(GenericOidcSettings.of("stub", "Stub",
          URI.create("http://127.0.0.1:" + silent.getLocalPort()), "id", "secret", List.of(StubProvider.REDIRECT_URI))
          .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200)));

      assertUnavailable(() -> slow.authorizationUrl(StubProvider.REDIRECT_URI, "s", NONCE, CHALLENGE),
          "SocketTimeoutException");
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void a_discovery_document_answering_a_server_error_is_unavailable() {
    stub.discoveryAnswer = new StubProvider.Answer(503, "maintenance");

    assertUnavailable(this::authorize, "discovery document answered HTTP 503");
  }

  @Test
  void a_discovery_document_that_is_not_json_is_unavailable() {
    stub.discoveryAnswer = new StubProvider.Answer(200, "<html>hello</html>");

    assertUnavailable(this::authorize, "discovery document is not JSON");
  }

  @Test
  void a_discovery_document_missing_what_openid_requires_is_unavailable() {
    stub.discoveryAnswer = new StubProvider.Answer(200, "{\"issuer\":\"" + stub.issuer() + "\"}");

    assertUnavailable(this::authorize, "not an OpenID Provider's");
  }

  @Test
  void a_discovery_document_naming_another_issuer_is_unavailable() {
    stub.discoveryOverrides = Map.of("issuer", "https://evil.example");

    assertUnavailable(this::authorize, "names another issuer than " + stub.issuer()).hasMessageNotContaining("evil");
  }

  @Test
  void a_discovery_document_with_plain_http_endpoints_elsewhere_is_unavailable() {
    stub.discoveryOverrides = Map.of("token_endpoint", "http://idp.example/token");

    assertUnavailable(this::authorize, "token_endpoint is not an https URL");
  }

  @Test
  void a_discovery_document_without_pkce_s256_is_unavailable() {
    stub.discoveryOverrides = Map.of("code_challenge_methods_supported", List.of("plain"));

    assertUnavailable(this::authorize, "PKCE");
  }

  @Test
  void a_provider_signing_only_with_algorithms_we_refuse_is_unavailable() {
    stub.discoveryOverrides = Map.of("id_token_signing_alg_values_supported", List.of("HS256", "none"));

    assertUnavailable(this::authorize, "signs ID tokens with none of");
  }

  @Test
  void a_token_endpoint_answering_a_server_error_is_unavailable() {
    stub.tokenEndpoint = body -> new StubProvider.Answer(502, "bad gateway");

    assertUnavailable(this::exchange, "token endpoint answered HTTP 502");
  }

  @Test
  void a_token_endpoint_that_is_rate_limiting_us_is_unavailable() {
    stub.tokenEndpoint = body -> new StubProvider.Answer(429, "{\"error\":\"slow_down\"}");

    assertUnavailable(this::exchange, "token endpoint answered HTTP 429");
  }

  @Test
  void a_token_endpoint_answering_garbage_is_unavailable() {
    stub.tokenEndpoint = body -> new StubProvider.Answer(200, "<html>" + StubProvider.CLIENT_SECRET + "</html>");

    assertUnavailable(this::exchange, "not a token response");
  }

  @Test
  void a_token_endpoint_refusing_the_code_is_a_refusal() {
    stub.tokenEndpoint = body -> new StubProvider.Answer(400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: The code has expired.\"}");

    assertRefused(this::exchange, "token_error");
  }

  @Test
  void a_token_endpoint_refusing_the_client_is_a_refusal() {
    stub.tokenEndpoint = body -> new StubProvider.Answer(401, "{\"error\":\"invalid_client\"}");

    assertRefused(this::exchange, "token_error");
  }

  @Test
  void keys_that_cannot_be_fetched_make_the_provider_unavailable_every_time() {
    stub.issue(StubProvider.sign(stub.key, stub.claims(NONCE).build()));
    stub.keysAnswer = new StubProvider.Answer(500, "oops");

    // the third attempt is within the refetch interval: not fetched, still unavailable rather than refused
    for (int attempt = 0; attempt < 3; attempt++) {
      assertUnavailable(this::exchange, "keys could not be fetched");
    }
    assertThat(stub.keyFetches).hasValue(2);
  }

  @Test
  void a_key_set_that_is_not_json_makes_the_provider_unavailable() {
    stub.issue(StubProvider.sign(stub.key, stub.claims(NONCE).build()));
    stub.keysAnswer = new StubProvider.Answer(200, "{\"keys\": 42}");

    assertUnavailable(this::exchange, "keys could not be fetched");
  }

  @Test
  void the_provider_recovering_is_seen_on_the_next_attempt() {
    stub.discoveryAnswer = new StubProvider.Answer(500, "down");
    assertUnavailable(this::authorize, "HTTP 500");

    stub.discoveryAnswer = null;
    authorize();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
