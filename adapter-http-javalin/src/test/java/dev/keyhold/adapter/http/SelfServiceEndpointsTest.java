package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.usecase.ChangeEmail;
import dev.keyhold.identity.usecase.ConfirmEmailChange;
import dev.keyhold.identity.usecase.DeleteAccount;
import dev.keyhold.identity.usecase.EndSession;
import dev.keyhold.identity.usecase.UpdateProfile;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A signed-in user's own account: profile, sessions, deletion and address. */
class SelfServiceEndpointsTest extends HttpApiTestSupport {

  private static final String ME = "/api/v1/me";

  @Test
  void patching_the_profile_passes_the_name_and_answers_the_profile_uncached() {
    Response response = authorized("PATCH", ME, "{\"display_name\": \"Ada L.\"}", "User-Agent", "me-test/1.0");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("display_name").asText()).isEqualTo("Ada L.");
    assertThat(response.json().get("email").asText()).isEqualTo("ada@example.com");
    ClientInfo client = new ClientInfo("127.0.0.1", "me-test/1.0", response.header("X-Request-Id"));
    assertThat(accounts.lastCommand).isEqualTo(
        new UpdateProfile.Command(new Actor(FakeAccounts.USER, FakeSessions.SESSION, client), "Ada L."));
  }

  @Test
  void a_null_display_name_is_passed_on_as_null() {
    Response response = authorized("PATCH", ME, "{\"display_name\": null}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("display_name").isNull()).isTrue();
    assertThat(((UpdateProfile.Command) accounts.lastCommand).displayName()).isNull();
  }

  @Test
  void a_body_without_display_name_or_with_unknown_fields_is_refused_before_the_use_case() {
    Response empty = authorized("PATCH", ME, "{}");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().at("/errors/0/code").asText()).isEqualTo("required");
    assertThat(authorized("PATCH", ME, "{\"display_name\": \"A\", \"email\": \"x@example.com\"}").status())
        .isEqualTo(400);
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_refused_name_is_400_on_display_name() {
    accounts.updateProfile = command -> {
      throw ValidationException.of("display_name", "invalid_display_name", "Too long.");
    };

    Response response = authorized("PATCH", ME, "{\"display_name\": \"x\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.body()).contains("display_name");
  }

  @Test
  void patching_the_profile_without_a_token_is_401_and_reaches_no_use_case() {
    Response response = sendJson("PATCH", ME, "{\"display_name\": \"Ada\"}");

    assertThat(response.status()).isEqualTo(401);
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void listing_sessions_answers_every_field_uncached_for_the_caller() {
    Response response = authorized("GET", ME + "/sessions", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("items")).hasSize(2);
    assertThat(response.json().get("items").get(0)).isEqualTo(JSON.createObjectNode()
        .put("id", FakeSessions.SESSION.toString()).put("created_at", "2025-01-01T00:00:00Z")
        .put("last_used_at", "2025-01-01T00:10:00Z").put("ip", "203.0.113.7").put("user_agent", "test-agent/1.0")
        .put("current", true));
    assertThat(response.json().at("/items/1/ip").isNull()).isTrue();
    assertThat(((Actor) sessions.lastCommand).userId()).isEqualTo(FakeAccounts.USER);
  }

  @Test
  void ending_a_session_passes_its_id_and_answers_204() {
    Response response = authorized("DELETE", ME + "/sessions/5e55f1a7-0000-4000-8000-000000000003", null);

    assertThat(response.status()).isEqualTo(204);
    EndSession.Command command = (EndSession.Command) sessions.lastCommand;
    assertThat(command.sessionId()).isEqualTo(
        new SessionId(UUID.fromString("5e55f1a7-0000-4000-8000-000000000003")));
    assertThat(command.actor().sessionId()).isEqualTo(FakeSessions.SESSION);
  }

  @Test
  void ending_a_session_by_a_malformed_id_is_404_without_the_use_case() {
    Response response = authorized("DELETE", ME + "/sessions/not-a-uuid", null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(sessions.lastCommand).isNull();
  }

  @Test
  void ending_a_session_that_is_not_the_callers_is_404() {
    sessions.endSession = command -> {
      throw new NotFoundException("No such session.");
    };

    Response response = authorized("DELETE", ME + "/sessions/5e55f1a7-0000-4000-8000-000000000009", null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.code()).isEqualTo("not_found");
  }

  @Test
  void the_session_routes_need_a_token() {
    assertThat(get(ME + "/sessions").status()).isEqualTo(401);
    assertThat(send("DELETE", ME + "/sessions/5e55f1a7-0000-4000-8000-000000000003").status()).isEqualTo(401);
    assertThat(sessions.lastCommand).isNull();
  }

  @Test
  void deleting_the_account_passes_the_password_and_answers_204() {
    Response response = authorized("DELETE", ME, "{\"current_password\": \"correct horse\"}");

    assertThat(response.status()).isEqualTo(204);
    DeleteAccount.Command command = (DeleteAccount.Command) accounts.lastCommand;
    assertThat(command.currentPassword()).isEqualTo("correct horse");
    assertThat(command.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.toString()).doesNotContain("correct horse");
  }

  @Test
  void deleting_an_account_without_a_password_sends_null_but_never_an_empty_body() {
    assertThat(authorized("DELETE", ME, "{\"current_password\": null}").status()).isEqualTo(204);
    assertThat(((DeleteAccount.Command) accounts.lastCommand).currentPassword()).isNull();
    accounts.lastCommand = null;

    Response empty = authorized("DELETE", ME, "{}");

    assertThat(empty.status()).isEqualTo(400);
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void the_only_owner_is_refused_with_last_owner() {
    accounts.deleteAccount = command -> {
      throw new ConflictException(ErrorCode.LAST_OWNER, "Only owner.");
    };

    Response response = authorized("DELETE", ME, "{\"current_password\": \"pw\"}");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.code()).isEqualTo("last_owner");
  }

  @Test
  void changing_the_email_passes_address_and_password_and_answers_202_alike() {
    Response response = authorized("POST", ME + "/email",
        "{\"new_email\": \"ada.new@example.com\", \"current_password\": \"correct horse\"}");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("message").asText()).isEqualTo(AccountRoutes.CHANGE_EMAIL_MESSAGE);
    ChangeEmail.Command command = (ChangeEmail.Command) accounts.lastCommand;
    assertThat(command.newEmail()).isEqualTo("ada.new@example.com");
    assertThat(command.currentPassword()).isEqualTo("correct horse");
    assertThat(command.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.toString()).doesNotContain("correct horse").doesNotContain("ada.new");
  }

  @Test
  void changing_the_email_needs_a_token_and_both_fields() {
    assertThat(sendJson("POST", ME + "/email", "{\"new_email\": \"a@b.io\", \"current_password\": \"pw\"}").status())
        .isEqualTo(401);
    assertThat(authorized("POST", ME + "/email", "{\"new_email\": \"a@b.io\"}").status()).isEqualTo(400);
    assertThat(authorized("POST", ME + "/email", "{\"current_password\": \"pw\"}").status()).isEqualTo(400);
    assertThat(authorized("POST", ME + "/email", "{\"new_email\": \"a@b.io\", \"current_password\": \"pw\", "
        + "\"verified\": true}").status()).isEqualTo(400);
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void confirming_an_email_change_needs_no_token_and_answers_the_new_address() {
    Response response = postJson("/api/v1/confirm-email", "{\"token\": \"link-secret\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("email").asText()).isEqualTo("ada.new@example.com");
    assertThat(response.json().get("email_verified").asBoolean()).isTrue();
    assertThat(response.json().get("revoked_sessions").asInt()).isEqualTo(1);
    assertThat(((ConfirmEmailChange.Command) accounts.lastCommand).token()).isEqualTo("link-secret");
  }

  @Test
  void an_address_taken_meanwhile_is_409_email_taken() {
    accounts.confirmEmailChange = command -> {
      throw new EmailTakenException();
    };

    Response response = postJson("/api/v1/confirm-email", "{\"token\": \"link-secret\"}");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.code()).isEqualTo("email_taken");
  }
}
