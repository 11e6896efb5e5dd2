package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.EmailNotVerifiedException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.TokenReusedException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenEndpointTest extends HttpApiTestSupport {

  private static final String FORM = "application/x-www-form-urlencoded";

  private Response token(String form) {
    return post("/api/v1/token", FORM, form);
  }

  @Test
  void the_password_grant_answers_a_token_response() {
    Response response = token("grant_type=password&username=ada%40example.com&password=correct+horse&scope=openid");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Pragma")).isEqualTo("no-cache");
    assertThat(response.json().get("access_token").asText()).isEqualTo("header.payload.signature");
    assertThat(response.json().get("token_type").asText()).isEqualTo("Bearer");
    assertThat(response.json().get("expires_in").asLong()).isEqualTo(900);
    assertThat(response.json().get("refresh_token").asText()).isEqualTo("refresh-token-value");
    Authenticate.Command command = (Authenticate.Command) accounts.lastCommand;
    assertThat(command.email()).isEqualTo("ada@example.com");
    assertThat(command.password()).isEqualTo("correct horse");
  }

  @Test
  void the_refresh_token_grant_answers_a_token_response() {
    Response response = token("grant_type=refresh_token&refresh_token=old-refresh");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("access_token").asText()).isEqualTo("header.payload.signature");
    assertThat(((RotateRefreshToken.Command) sessions.lastCommand).refreshToken()).isEqualTo("old-refresh");
  }

  @Test
  void an_unknown_grant_type_is_unsupported_grant_type() {
    assertOAuthError(token("grant_type=client_credentials"), 400, "unsupported_grant_type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "username=ada%40example.com&password=x", "grant_type=password&password=x",
      "grant_type=password&username=ada%40example.com", "grant_type=password&username=&password=x",
      "grant_type=refresh_token"})
  void missing_parameters_are_invalid_request(String form) {
    assertOAuthError(token(form), 400, "invalid_request");
    assertThat(accounts.lastCommand).isNull();
    assertThat(sessions.lastCommand).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"grant_type=password&username=ada%40example.com&password=%C0%AFsecret",
      "grant_type=password&username=ada%40example.com&password=%FFsecret",
      "grant_type=password&username=ada%40example.com&password=%ED%A0%80secret"})
  void a_password_whose_escapes_are_not_utf_8_is_invalid_request_not_a_repaired_string(String form) {
    assertOAuthError(token(form), 400, "invalid_request");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_repeated_parameter_is_invalid_request() {
    assertOAuthError(token("grant_type=password&username=a%40b.c&password=x&password=y"), 400, "invalid_request");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_broken_url_encoding_is_invalid_request() {
    assertOAuthError(token("grant_type=password&username=%zz&password=x"), 400, "invalid_request");
  }

  @Test
  void a_json_body_is_invalid_request() {
    Response response = post("/api/v1/token", "application/json",
        "{\"grant_type\": \"password\", \"username\": \"a@b.c\", \"password\": \"x\"}");

    assertOAuthError(response, 400, "invalid_request");
  }

  @Test
  void invalid_credentials_are_invalid_grant() {
    accounts.failWith(new InvalidCredentialsException());

    assertOAuthError(token("grant_type=password&username=a%40b.c&password=wrong"), 400, "invalid_grant");
  }

  @Test
  void an_unverified_email_is_invalid_grant() {
    accounts.failWith(new EmailNotVerifiedException());

    assertOAuthError(token("grant_type=password&username=a%40b.c&password=right"), 400, "invalid_grant");
  }

  @Test
  void an_invalid_or_reused_refresh_token_is_invalid_grant() {
    sessions.failWith(new InvalidTokenException(InvalidTokenException.Kind.REFRESH_TOKEN, "unknown"));
    assertOAuthError(token("grant_type=refresh_token&refresh_token=x"), 400, "invalid_grant");

    sessions.failWith(new TokenReusedException());
    assertOAuthError(token("grant_type=refresh_token&refresh_token=x"), 400, "invalid_grant");
  }

  @Test
  void a_validation_failure_is_invalid_request() {
    accounts.failWith(ValidationException.of("password", "password_too_long", "At most 256 characters."));

    assertOAuthError(token("grant_type=password&username=a%40b.c&password=x"), 400, "invalid_request");
  }

  @Test
  void a_store_outage_is_503_temporarily_unavailable() {
    accounts.failWith(new StoreUnavailableException("down", null));

    Response response = token("grant_type=password&username=a%40b.c&password=x");

    assertOAuthError(response, 503, "temporarily_unavailable");
    assertThat(response.header("Retry-After")).isEqualTo("5");
  }

  @Test
  void an_overloaded_node_is_503_temporarily_unavailable_with_its_retry_after() {
    accounts.failWith(new OverloadedException(Duration.ofSeconds(1)));

    Response response = token("grant_type=password&username=a%40b.c&password=x");

    assertOAuthError(response, 503, "temporarily_unavailable");
    assertThat(response.header("Retry-After")).isEqualTo("1");
  }

  private static void assertOAuthError(Response response, int status, String error) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("error").asText()).isEqualTo(error);
    assertThat(response.json().get("error_description").asText()).isNotBlank();
    assertThat(response.json().has("code")).isFalse();
  }
}
