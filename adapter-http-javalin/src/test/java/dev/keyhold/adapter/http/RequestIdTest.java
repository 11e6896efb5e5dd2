package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.usecase.Authenticate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest extends HttpApiTestSupport {

  private static final String LOGIN = "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}";

  @Test
  void a_well_formed_request_id_is_echoed_and_passed_to_the_use_case() {
    Response response = postJson("/api/v1/login", LOGIN, "X-Request-Id", "trace-42:abc.DEF_9");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("X-Request-Id")).isEqualTo("trace-42:abc.DEF_9");
    assertThat(((Authenticate.Command) accounts.lastCommand).client().requestId()).isEqualTo("trace-42:abc.DEF_9");
  }

  @Test
  void a_request_without_an_id_gets_a_generated_uuid() {
    Response response = get("/health/live");

    assertThat(response.header("X-Request-Id")).matches(UUID_PATTERN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"has space", "semi;colon", "quote\"", "ünïcode"})
  void a_malformed_request_id_is_replaced_by_a_uuid(String presented) {
    Response response = get("/health/live", "X-Request-Id", presented);

    assertThat(response.header("X-Request-Id")).matches(UUID_PATTERN);
  }

  @Test
  void a_request_id_longer_than_128_characters_is_replaced() {
    Response response = get("/health/live", "X-Request-Id", "a".repeat(129));

    assertThat(response.header("X-Request-Id")).matches(UUID_PATTERN);
    assertThat(get("/health/live", "X-Request-Id", "a".repeat(128)).header("X-Request-Id")).hasSize(128);
  }

  @Test
  void error_responses_carry_the_request_id_in_the_header_and_the_body() {
    Response notFound = get("/nope", "X-Request-Id", "req-404");
    Response tooLarge = postJson("/api/v1/login", "{\"email\": \"" + "a".repeat(70_000) + "\"}", "X-Request-Id", "req-413");
    accounts.failWith(new IllegalStateException("boom"));
    Response internal = postJson("/api/v1/login", LOGIN);

    assertThat(notFound.header("X-Request-Id")).isEqualTo("req-404");
    assertThat(notFound.json().get("request_id").asText()).isEqualTo("req-404");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.header("X-Request-Id")).isEqualTo("req-413");
    assertThat(tooLarge.json().get("request_id").asText()).isEqualTo("req-413");
    assertThat(internal.header("X-Request-Id")).matches(UUID_PATTERN);
    assertThat(internal.json().get("request_id").asText()).isEqualTo(internal.header("X-Request-Id"));
  }

  @Test
  void every_response_carries_nosniff() {
    assertThat(get("/health/live").header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(get("/nope").header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(postJson("/api/v1/login", "{").header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void the_use_case_gets_the_client_address_and_a_user_agent_cut_to_512_characters() {
    postJson("/api/v1/login", LOGIN, "User-Agent", "x".repeat(600));

    Authenticate.Command command = (Authenticate.Command) accounts.lastCommand;
    assertThat(command.client().userAgent()).hasSize(512);
    assertThat(command.client().ipAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void without_trusted_proxies_x_forwarded_for_is_ignored() {
    postJson("/api/v1/login", LOGIN, "X-Forwarded-For", "203.0.113.7");

    assertThat(((Authenticate.Command) accounts.lastCommand).client().ipAddress()).isEqualTo("127.0.0.1");
  }
}
