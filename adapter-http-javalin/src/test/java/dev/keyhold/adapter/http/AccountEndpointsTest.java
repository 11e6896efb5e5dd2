package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.identity.error.TokenReusedException;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountEndpointsTest extends HttpApiTestSupport {

  private static final String REGISTER = "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}";

  @Test
  void register_answers_the_same_for_a_new_and_an_existing_address() {
    accounts.register = command -> new RegisterAccount.Created(FakeAccounts.USER);
    Response created = postJson("/api/v1/register", REGISTER);
    accounts.register = command -> new RegisterAccount.AlreadyRegistered();
    Response existing = postJson("/api/v1/register", REGISTER);

    assertThat(created.status()).isEqualTo(202);
    assertThat(existing.status()).isEqualTo(created.status());
    assertThat(existing.body()).isEqualTo(created.body());
    assertThat(existing.contentType()).isEqualTo(created.contentType()).startsWith("application/json");
    assertThat(created.json().get("message").asText())
        .isEqualTo("If the address can be registered, we have sent a verification link to it.");
  }

  @Test
  void verify_email_passes_the_token_and_answers_email_verified() {
    Response response = postJson("/api/v1/verify-email", "{\"token\": \"link-token\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("email_verified").asBoolean()).isTrue();
    assertThat(((VerifyEmail.Command) accounts.lastCommand).token()).isEqualTo("link-token");
  }

  @Test
  void resend_verification_answers_202_without_revealing_anything() {
    Response response = postJson("/api/v1/verify-email/resend", "{\"email\": \"ada@example.com\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("message").asText())
        .isEqualTo("If the address has an unverified account, we have sent a new link.");
    assertThat(((ResendVerification.Command) accounts.lastCommand).email()).isEqualTo("ada@example.com");
  }

  @Test
  void login_answers_an_rfc_6749_token_response_that_must_not_be_cached() {
    Response response = postJson("/api/v1/login", "{\"email\": \"ada@example.com\", \"password\": \"pw\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Pragma")).isEqualTo("no-cache");
    JsonNode body = response.json();
    assertThat(body.get("access_token").asText()).isEqualTo("header.payload.signature");
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
    assertThat(body.get("expires_in").asLong()).isEqualTo(900);
    assertThat(body.get("refresh_token").asText()).isEqualTo("refresh-token-value");
    assertThat(body.get("scope").asText()).isEqualTo("profile email");
  }

  @Test
  void refresh_answers_a_token_response_without_scope_when_there_are_none() {
    Response response = postJson("/api/v1/refresh", "{\"refresh_token\": \"old-refresh\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Pragma")).isEqualTo("no-cache");
    assertThat(response.json().get("access_token").asText()).isEqualTo("header.payload.signature");
    assertThat(response.json().get("token_type").asText()).isEqualTo("Bearer");
    assertThat(response.json().has("scope")).isFalse();
    assertThat(((RotateRefreshToken.Command) sessions.lastCommand).refreshToken()).isEqualTo("old-refresh");
  }

  @Test
  void refresh_with_a_reused_token_is_401_token_reused() {
    sessions.failWith(new TokenReusedException());

    Response response = postJson("/api/v1/refresh", "{\"refresh_token\": \"old-refresh\"}");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.code()).isEqualTo("token_reused");
  }

  @Test
  void logout_answers_204_without_a_body() {
    Response response = postJson("/api/v1/logout", "{\"refresh_token\": \"some-refresh\"}");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(((Logout.Command) sessions.lastCommand).refreshToken()).isEqualTo("some-refresh");
  }

  @Test
  void me_includes_a_missing_display_name_as_null() {
    accounts.profile = user -> new GetProfile.Profile(user, "ada@example.com", null,
        false, UserStatus.DISABLED, FakeAccounts.CREATED_AT, false);

    Response response = get("/api/v1/me", "Authorization", "Bearer " + FakeSessions.VALID_ACCESS_TOKEN);

    assertThat(response.json().has("display_name")).isTrue();
    assertThat(response.json().get("display_name").isNull()).isTrue();
    assertThat(response.json().get("email_verified").asBoolean()).isFalse();
    assertThat(response.json().get("status").asText()).isEqualTo("disabled");
  }

  @Test
  void login_without_scopes_leaves_scope_out() {
    accounts.login = command -> new Authenticate.Authenticated(
        FakeAccounts.USER, FakeAccounts.tokens(List.of()));

    Response response = postJson("/api/v1/login", "{\"email\": \"a@b.c\", \"password\": \"pw\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().has("scope")).isFalse();
  }
}
