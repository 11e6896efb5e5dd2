package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The RFC 8414 metadata at both well-known paths, from the configured issuer and from nothing in the request. */
class DiscoveryEndpointsTest extends HttpApiTestSupport {

  @Override
  String issuer() {
    return "https://id.example.com";
  }

  @Test
  void the_metadata_states_only_what_is_true_of_the_server() {
    Response response = get(AuthorizationServerMetadata.OAUTH_PATH);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode metadata = response.json();
    assertThat(metadata.properties()).extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrder(
        "issuer", "jwks_uri", "token_endpoint", "grant_types_supported", "response_types_supported",
        "token_endpoint_auth_methods_supported");
    assertThat(metadata.get("issuer").asText()).isEqualTo("https://id.example.com");
    assertThat(metadata.get("jwks_uri").asText()).isEqualTo("https://id.example.com/.well-known/jwks.json");
    assertThat(metadata.get("token_endpoint").asText()).isEqualTo("https://id.example.com/api/v1/token");
    assertThat(JSON.convertValue(metadata.get("grant_types_supported"), List.class))
        .containsExactly("password", "refresh_token");
    assertThat(metadata.get("response_types_supported")).isEmpty();
    assertThat(JSON.convertValue(metadata.get("token_endpoint_auth_methods_supported"), List.class))
        .containsExactly("none");
  }

  @Test
  void the_grant_types_listed_are_the_ones_the_token_endpoint_accepts_and_no_other() {
    for (JsonNode grant : get(AuthorizationServerMetadata.OAUTH_PATH).json().get("grant_types_supported")) {
      Response answer = post("/api/v1/token", "application/x-www-form-urlencoded", "grant_type=" + grant.asText());
      assertThat(answer.json().get("error").asText()).as(grant.asText()).isEqualTo("invalid_request");
    }
    Response other = post("/api/v1/token", "application/x-www-form-urlencoded", "grant_type=client_credentials");
    assertThat(other.json().get("error").asText()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void the_openid_configuration_path_serves_the_same_document() {
    Response oauth = get(AuthorizationServerMetadata.OAUTH_PATH);
    Response openid = get(AuthorizationServerMetadata.OPENID_PATH);

    assertThat(openid.status()).isEqualTo(200);
    assertThat(openid.json()).isEqualTo(oauth.json());
    assertThat(openid.json().has("id_token_signing_alg_values_supported"))
        .as("Keyhold issues no ID tokens").isFalse();
  }

  @Test
  void both_documents_may_be_cached_as_long_as_the_key_set() {
    assertThat(get(AuthorizationServerMetadata.OAUTH_PATH).header("Cache-Control"))
        .isEqualTo(get("/.well-known/jwks.json").header("Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(get(AuthorizationServerMetadata.OPENID_PATH).header("Cache-Control")).isEqualTo("public, max-age=300");
  }

  @Test
  void no_request_header_changes_a_url_in_it() {
    Response forged = get(AuthorizationServerMetadata.OAUTH_PATH, "X-Forwarded-Host", "evil.example",
        "X-Forwarded-Proto", "http", "Forwarded", "host=evil.example;proto=http");

    assertThat(forged.body()).doesNotContain("evil").isEqualTo(get(AuthorizationServerMetadata.OAUTH_PATH).body());
  }

  @Test
  void an_issuer_with_a_path_keeps_it_and_a_trailing_slash_is_not_doubled() {
    AuthorizationServerMetadata metadata = AuthorizationServerMetadata.forIssuer("https://example.com/auth/");

    assertThat(metadata.issuer()).isEqualTo("https://example.com/auth/");
    assertThat(metadata.jwksUri()).isEqualTo("https://example.com/auth/.well-known/jwks.json");
    assertThat(metadata.tokenEndpoint()).isEqualTo("https://example.com/auth/api/v1/token");
  }

  @Test
  void an_issuer_that_is_no_url_for_metadata_is_refused_when_the_api_is_built() {
    for (String bad : List.of("id.example.com", "ftp://id.example.com", "https://id.example.com?x=1",
        "https://id.example.com#top", "https://user@id.example.com")) {
      assertThatThrownBy(() -> HttpApi.builder(HttpApiSettings.defaults(0)).issuer(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
  }

  /** Without an issuer the API cannot know where it is reached, so it does not pretend to. */
  @Nested
  class WithoutAnIssuer extends HttpApiTestSupport {

    @Override
    String issuer() {
      return null;
    }

    @Test
    void there_are_no_discovery_routes_and_the_document_does_not_list_them() {
      assertThat(get(AuthorizationServerMetadata.OAUTH_PATH).status()).isEqualTo(404);
      assertThat(get(AuthorizationServerMetadata.OPENID_PATH).status()).isEqualTo(404);
      assertThat(get(DocsRoutes.DOCUMENT_PATH).json().get("paths").has(AuthorizationServerMetadata.OAUTH_PATH))
          .isFalse();
    }
  }
}
