package dev.keyhold.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.spi.IdentityProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the token request carries, and how the client authenticates, as the provider sees it. */
class TokenRequestTest {

  private static final String NONCE = "n-0S6_WzA2Mj";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private StubProvider stub;

  @BeforeEach
  void start() {
    stub = new StubProvider();
    stub.issue(StubProvider.sign(stub.key, stub.claims(NONCE).build()));
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private void exchange() {
    IdentityProvider provider = OidcProviders.generic(stub.settings());
    provider.exchange("the-code", StubProvider.REDIRECT_URI, VERIFIER, NONCE);
  }

  private Map<String, String> form() {
    return Browser.query(URI.create("x:/?" + stub.lastTokenRequestBody));
  }

  @Test
  void the_code_is_redeemed_with_its_redirect_uri_and_pkce_verifier() {
    exchange();

    assertThat(form())
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("code", "the-code")
        .containsEntry("redirect_uri", StubProvider.REDIRECT_URI.toString())
        .containsEntry("code_verifier", VERIFIER);
  }

  @Test
  void the_client_authenticates_with_http_basic_by_default() {
    exchange();

    String expected = encode(StubProvider.CLIENT_ID) + ":" + encode(StubProvider.CLIENT_SECRET);
    assertThat(stub.lastTokenRequestAuthorization)
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString(expected.getBytes(StandardCharsets.UTF_8)));
    assertThat(form()).doesNotContainKey("client_secret");
  }

  @Test
  void the_client_authenticates_in_the_body_when_the_provider_accepts_only_that() {
    stub.discoveryOverrides = Map.of("token_endpoint_auth_methods_supported", List.of("client_secret_post"));

    exchange();

    assertThat(stub.lastTokenRequestAuthorization).isNull();
    assertThat(form())
        .containsEntry("client_id", StubProvider.CLIENT_ID)
        .containsEntry("client_secret", StubProvider.CLIENT_SECRET);
  }

  @Test
  void a_provider_accepting_neither_client_secret_method_is_unavailable() {
    stub.discoveryOverrides = Map.of("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));

    assertThatThrownBy(this::exchange)
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("neither client_secret_basic nor client_secret_post");
    assertThat(stub.tokenRequests).hasValue(0);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
