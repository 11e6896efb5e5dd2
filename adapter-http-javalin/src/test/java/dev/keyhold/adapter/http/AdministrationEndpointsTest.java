package dev.keyhold.adapter.http;

import static dev.keyhold.adapter.http.FakeAdministration.TARGET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Administration;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdministrationEndpointsTest extends HttpApiTestSupport {

  private static final String USER_PATH = "/api/v1/admin/users/" + TARGET;

  @Test
  void global_roles_are_listed_as_items() {
    Response response = authorized("GET", "/api/v1/roles", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("items")).hasSize(1);
    assertRole(response.json().at("/items/0"));
    assertThat(administration.lastCall.method()).isEqualTo("listGlobalRoles");
  }

  @Test
  void creating_a_global_role_answers_201_with_the_role() {
    Response response = authorized("POST", "/api/v1/roles", "{\"name\": \"support\", \"scopes\": [\"users:read\"]}");

    assertThat(response.status()).isEqualTo(201);
    assertRole(response.json());
    assertThat(administration.lastCall.method()).isEqualTo("createGlobalRole");
    assertThat(administration.lastCall.arguments()).containsExactly("support", List.of("users:read"));
  }

  @Test
  void granting_a_role_answers_204() {
    Response response = authorized("POST", USER_PATH + "/roles/support", null);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(administration.lastCall.method()).isEqualTo("grantRole");
    assertThat(administration.lastCall.arguments()).containsExactly(TARGET, "support");
  }

  @Test
  void granting_a_role_accepts_an_empty_json_object_and_refuses_fields() {
    assertThat(authorized("POST", USER_PATH + "/roles/support", "{}").status()).isEqualTo(204);
    administration.reset();

    Response withField = authorized("POST", USER_PATH + "/roles/support", "{\"role\": \"admin\"}");

    assertThat(withField.status()).isEqualTo(400);
    assertThat(withField.json().at("/errors/0/code").asText()).isEqualTo("unknown_field");
    assertThat(administration.lastCall).isNull();
  }

  @Test
  void revoking_a_role_answers_204() {
    Response response = authorized("DELETE", USER_PATH + "/roles/support", null);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(administration.lastCall.method()).isEqualTo("revokeRole");
    assertThat(administration.lastCall.arguments()).containsExactly(TARGET, "support");
  }

  @Test
  void a_role_name_in_the_path_is_decoded() {
    authorized("POST", USER_PATH + "/roles/on%2Dcall", null);

    assertThat(administration.lastCall.argument(1)).isEqualTo("on-call");
  }

  @Test
  void listing_users_without_parameters_asks_for_the_first_page_of_fifty() {
    Response response = authorized("GET", "/api/v1/admin/users", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().get("items")).hasSize(1);
    assertUser(response.json().at("/items/0"));
    assertThat(response.json().has("next_cursor")).isTrue();
    assertThat(response.json().get("next_cursor").isNull()).isTrue();
    assertThat(administration.lastCall.method()).isEqualTo("listUsers");
    assertThat(administration.lastCall.arguments()).containsExactly(null, null, null, 50);
  }

  @Test
  void listing_users_passes_every_filter_and_answers_the_next_cursor() {
    administration.users = new Administration.Page<>(List.of(FakeAdministration.USER), "cursor-2");

    Response response = authorized("GET",
        "/api/v1/admin/users?email_prefix=dave%40ex&status=disabled&cursor=cursor-1&limit=200", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("next_cursor").asText()).isEqualTo("cursor-2");
    assertThat(administration.lastCall.arguments())
        .containsExactly("dave@ex", UserStatus.DISABLED, "cursor-1", 200);
  }

  @Test
  void listing_users_passes_the_display_name_prefix_as_typed() {
    Response response = authorized("GET", "/api/v1/admin/users?q=Dav%C3%A9+J&email_prefix=d", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(administration.lastNamePrefix).isEqualTo("Dav\u00e9 J");
    assertThat(administration.lastCall.arguments()).containsExactly("d", null, null, 50);
  }

  @Test
  void listing_users_without_q_asks_for_no_display_name_filter() {
    authorized("GET", "/api/v1/admin/users?q=", null);

    assertThat(administration.lastNamePrefix).isNull();
  }

  @Test
  void a_repeated_q_is_refused() {
    Response response = authorized("GET", "/api/v1/admin/users?q=a&q=b", null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().toString()).contains("\"q\"").contains("repeated");
  }

  @Test
  void an_empty_page_is_an_empty_items_array() {
    administration.users = new Administration.Page<>(List.of(), null);

    Response response = authorized("GET", "/api/v1/admin/users?status=active&limit=1", null);

    assertThat(response.json().get("items").isArray()).isTrue();
    assertThat(response.json().get("items")).isEmpty();
    assertThat(administration.lastCall.arguments()).containsExactly(null, UserStatus.ACTIVE, null, 1);
  }

  @Test
  void empty_query_values_count_as_absent() {
    Response response = authorized("GET", "/api/v1/admin/users?email_prefix=&status=&cursor=&limit=", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(administration.lastCall.arguments()).containsExactly(null, null, null, 50);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "status=ACTIVE, status, invalid_value",
      "status=locked, status, invalid_value",
      "limit=0, limit, out_of_range",
      "limit=201, limit, out_of_range",
      "limit=-1, limit, out_of_range",
      "limit=99999999999, limit, invalid_type",
      "limit=ten, limit, invalid_type",
      "limit=1.5, limit, invalid_type",
      "limit=1&limit=2, limit, repeated",
      "status=active&status=active, status, repeated",
      "cursor=a&cursor=b, cursor, repeated",
      "page=2, page, unknown_field"})
  void a_bad_query_is_a_validation_failure_naming_the_parameter(String query, String field, String code) {
    Response response = authorized("GET", "/api/v1/admin/users?" + query, null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactly(tuple(field, code));
    assertThat(administration.lastCall).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(value = {
      "limit=%zz, limit",
      "status=%zz, status",
      "email_prefix=a%2, email_prefix",
      "%zz=1, ''"})
  void malformed_percent_encoding_in_a_query_is_a_validation_failure_not_ignored(String query, String field)
      throws IOException {
    String response = raw("GET /api/v1/admin/users?" + query + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + BEARER + "\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 ");
    JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(body.get("code").asText()).isEqualTo("validation_failed");
    assertThat(body.get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactly(tuple(field, "malformed"));
    assertThat(administration.lastCall).isNull();
  }

  @Test
  void a_parameter_repeated_many_times_is_reported_once() {
    Response response = authorized("GET", "/api/v1/admin/users?limit=1&limit=2&limit=3", null);

    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactly(tuple("limit", "repeated"));
  }

  @Test
  void query_values_are_percent_decoded() {
    authorized("GET", "/api/v1/admin/users?email_prefix=a%2Bb+c%C3%A9", null);

    assertThat(administration.lastCall.argument(0)).isEqualTo("a+b cé");
  }

  @Test
  void every_problem_in_a_query_is_reported_at_once() {
    Response response = authorized("GET", "/api/v1/admin/users?status=gone&limit=0&sort=email", null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactlyInAnyOrder(
            tuple("status", "invalid_value"), tuple("limit", "out_of_range"), tuple("sort", "unknown_field"));
  }

  @Test
  void a_cursor_the_use_case_refuses_is_its_validation_failure() {
    administration.failWith(ValidationException.of("cursor", "invalid_cursor", "Not a cursor from this list."));

    Response response = authorized("GET", "/api/v1/admin/users?cursor=forged", null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("cursor");
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("invalid_cursor");
  }

  @ParameterizedTest
  @ValueSource(strings = {"disable", "enable"})
  void disabling_and_enabling_answer_the_user(String action) {
    Response response = authorized("PATCH", USER_PATH + "/" + action, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertUser(response.json());
    assertThat(administration.lastCall.method()).isEqualTo(action + "User");
    assertThat(administration.lastCall.arguments()).containsExactly(TARGET);
  }

  @Test
  void a_disabled_user_reads_as_disabled() {
    administration.user = new Administration.UserSummary(TARGET, "dave@example.com", null, UserStatus.DISABLED,
        false, FakeAccounts.CREATED_AT, List.of());

    JsonNode user = authorized("PATCH", USER_PATH + "/disable", null).json();

    assertThat(user.get("status").asText()).isEqualTo("disabled");
    assertThat(user.get("email_verified").asBoolean()).isFalse();
    assertThat(user.get("display_name").isNull()).isTrue();
    assertThat(user.get("roles")).isEmpty();
  }

  @Test
  void disabling_accepts_an_empty_json_object_and_refuses_fields() {
    assertThat(authorized("PATCH", USER_PATH + "/disable", "{}").status()).isEqualTo(200);
    administration.reset();

    Response withField = authorized("PATCH", USER_PATH + "/disable", "{\"reason\": \"spam\"}");

    assertThat(withField.status()).isEqualTo(400);
    assertThat(withField.json().at("/errors/0/field").asText()).isEqualTo("reason");
    assertThat(withField.json().at("/errors/0/code").asText()).isEqualTo("unknown_field");
    assertThat(administration.lastCall).isNull();
  }

  private static void assertRole(JsonNode role) {
    assertThat(role.get("id").asText()).isEqualTo(FakeAdministration.ROLE.toString());
    assertThat(role.get("name").asText()).isEqualTo("support");
    assertThat(role.get("scopes")).extracting(JsonNode::asText).containsExactly("users:read");
    assertThat(role.get("built_in").asBoolean()).isFalse();
    assertThat(role.size()).isEqualTo(4);
  }

  @Test
  void a_user_in_full_carries_organizations_sessions_two_factor_and_last_sign_in() {
    Response response = authorized("GET", USER_PATH, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    JsonNode user = response.json();
    assertThat(user.get("id").asText()).isEqualTo(TARGET.toString());
    assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("support");
    assertThat(user.at("/organizations/0/id").asText()).isEqualTo(FakeAdministration.ORG.toString());
    assertThat(user.at("/organizations/0/slug").asText()).isEqualTo("acme");
    assertThat(user.at("/organizations/0/role").asText()).isEqualTo("owner");
    assertThat(user.get("active_sessions").asInt()).isEqualTo(2);
    assertThat(user.get("mfa_enabled").asBoolean()).isTrue();
    assertThat(user.get("last_login_at").asText()).isEqualTo("2025-01-02T03:05:05Z");
    assertThat(user.size()).isEqualTo(11);
    assertThat(administration.lastCall.method()).isEqualTo("getUser");
    assertThat(administration.lastCall.arguments()).containsExactly(TARGET);
  }

  @Test
  void a_user_without_an_active_session_has_a_null_last_sign_in() {
    administration.details = new Administration.UserDetails(FakeAdministration.USER, List.of(), 0, false, null);

    JsonNode user = authorized("GET", USER_PATH, null).json();

    assertThat(user.get("last_login_at").isNull()).isTrue();
    assertThat(user.get("organizations")).isEmpty();
  }

  @Test
  void a_search_whose_escapes_are_not_utf_8_is_refused_before_the_use_case() {
    Response response = authorized("GET", "/api/v1/admin/users?q=%FFada", null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(administration.lastCall).isNull();
  }

  @Test
  void logging_a_user_out_answers_204_without_a_body() {
    Response response = authorized("POST", USER_PATH + "/logout", null);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(administration.lastCall.method()).isEqualTo("logoutUser");
    assertThat(administration.lastCall.arguments()).containsExactly(TARGET);
  }

  @Test
  void deleting_a_user_answers_204_and_passes_the_last_owner_refusal_on() {
    Response deleted = authorized("DELETE", USER_PATH, null);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(administration.lastCall.method()).isEqualTo("deleteUser");
    assertThat(administration.lastCall.arguments()).containsExactly(TARGET);

    administration.failWith(new ConflictException(ErrorCode.LAST_OWNER, "The only owner."));
    Response refused = authorized("DELETE", USER_PATH, null);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.code()).isEqualTo("last_owner");
  }

  @Test
  void logging_a_user_out_refuses_a_body_with_fields_and_passes_refusals_on() {
    assertThat(authorized("POST", USER_PATH + "/logout", "{\"everywhere\": true}").status()).isEqualTo(400);
    administration.failWith(new ForbiddenException("No."));

    Response refused = authorized("POST", USER_PATH + "/logout", "{}");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("forbidden");
  }

  @Test
  void creating_a_user_answers_201_with_the_user() {
    Response response = authorized("POST", "/api/v1/admin/users",
        "{\"email\": \"dave@example.com\", \"display_name\": \"Dave\"}");

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertUser(response.json());
    assertThat(administration.lastCall.method()).isEqualTo("createUser");
    assertThat(administration.lastCall.arguments()).containsExactly("dave@example.com", "Dave");
  }

  @Test
  void creating_a_user_takes_the_display_name_as_optional_and_refuses_other_fields() {
    assertThat(authorized("POST", "/api/v1/admin/users", "{\"email\": \"dave@example.com\"}").status())
        .isEqualTo(201);
    assertThat(administration.lastCall.arguments()).containsExactly("dave@example.com", null);
    administration.reset();

    Response withPassword = authorized("POST", "/api/v1/admin/users",
        "{\"email\": \"dave@example.com\", \"password\": \"x\"}");

    assertThat(withPassword.status()).isEqualTo(400);
    assertThat(administration.lastCall).isNull();
  }

  @Test
  void creating_a_user_with_a_taken_address_is_409_email_taken() {
    administration.failWith(new EmailTakenException());

    Response response = authorized("POST", "/api/v1/admin/users", "{\"email\": \"dave@example.com\"}");

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.code()).isEqualTo("email_taken");
  }

  private static void assertUser(JsonNode user) {
    assertThat(user.get("id").asText()).isEqualTo(TARGET.toString());
    assertThat(user.get("email").asText()).isEqualTo("dave@example.com");
    assertThat(user.get("display_name").asText()).isEqualTo("Dave");
    assertThat(user.get("status").asText()).isEqualTo("active");
    assertThat(user.get("email_verified").asBoolean()).isTrue();
    assertThat(user.get("created_at").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("support");
    assertThat(user.size()).isEqualTo(7);
  }
}
