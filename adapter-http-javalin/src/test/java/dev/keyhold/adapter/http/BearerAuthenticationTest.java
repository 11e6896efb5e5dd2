package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.usecase.LogoutEverywhere;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerAuthenticationTest extends HttpApiTestSupport {

  @Test
  void a_request_without_authorization_is_401_missing_token_with_a_bearer_challenge() {
    Response response = get("/api/v1/me");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("missing_token");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keyhold\"");
  }

  /**
   * RFC 6750 section 3.1: a request that uses an unsupported authentication method lacks authentication information
   * for this API, and the challenge carries no error code.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Basic eDp5", "Token abc", "abc", "Digest username=\"ada\"", "Bearerabc", "Negotiate"})
  void another_scheme_is_401_missing_token_with_a_bare_bearer_challenge(String authorization) {
    Response response = get("/api/v1/me", "Authorization", authorization);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("missing_token");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keyhold\"");
    assertThat(accounts.lastCommand).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "Bearer ", "Bearer a b", "Bearer  abc", "Bearer abc,def", "bearer\tabc"})
  void a_malformed_bearer_header_is_400_malformed_authorization(String authorization) {
    Response response = get("/api/v1/me", "Authorization", authorization);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("malformed_authorization");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_rejected_access_token_is_401_invalid_token_with_the_error_in_the_challenge() {
    Response response = get("/api/v1/me", "Authorization", "Bearer not.a.valid-token");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("invalid_token");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keyhold\", error=\"invalid_token\"");
  }

  @Test
  void the_scheme_is_case_insensitive() {
    Response response = get("/api/v1/me", "Authorization", "bEARER " + FakeSessions.VALID_ACCESS_TOKEN);

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void me_answers_the_profile_of_the_token_subject() {
    Response response = get("/api/v1/me", "Authorization", "Bearer " + FakeSessions.VALID_ACCESS_TOKEN);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(accounts.lastCommand).isEqualTo(FakeAccounts.USER);
    assertThat(response.json().get("id").asText()).isEqualTo(FakeAccounts.USER.toString());
    assertThat(response.json().get("email").asText()).isEqualTo("ada@example.com");
    assertThat(response.json().get("display_name").asText()).isEqualTo("Ada");
    assertThat(response.json().get("email_verified").asBoolean()).isTrue();
    assertThat(response.json().get("status").asText()).isEqualTo("active");
    assertThat(response.json().get("created_at").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void logout_all_ends_the_sessions_of_the_token_subject() {
    Response response = post("/api/v1/logout-all", null, "", "Authorization", "Bearer " + FakeSessions.VALID_ACCESS_TOKEN);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("revoked_sessions").asInt()).isEqualTo(3);
    LogoutEverywhere.Command command = (LogoutEverywhere.Command) sessions.lastCommand;
    assertThat(command.userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.client().requestId()).isEqualTo(response.header("X-Request-Id"));
  }

  @Test
  void logout_all_without_a_token_is_401_and_ends_nothing() {
    Response response = post("/api/v1/logout-all", null, "");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.code()).isEqualTo("missing_token");
    assertThat(sessions.lastCommand).isNull();
  }
}
