package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyhold.identity.usecase.RegisterAccount;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRequestBodyTest extends HttpApiTestSupport {

  private static final String PROBLEM_JSON = "application/problem+json";

  @Test
  void malformed_json_is_400_malformed_json() {
    Response response = postJson("/api/v1/login", "{\"email\": \"ada@example.com\", ");

    assertProblem(response, 400, "malformed_json");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_json_array_body_is_400_malformed_json() {
    assertProblem(postJson("/api/v1/login", "[{\"email\": \"a@b.c\", \"password\": \"x\"}]"), 400, "malformed_json");
  }

  @Test
  void a_json_scalar_body_is_400_malformed_json() {
    assertProblem(postJson("/api/v1/login", "\"just a string\""), 400, "malformed_json");
  }

  @Test
  void an_empty_body_is_400_malformed_json() {
    assertProblem(postJson("/api/v1/login", ""), 400, "malformed_json");
  }

  @Test
  void trailing_content_after_the_object_is_400_malformed_json() {
    assertProblem(postJson("/api/v1/login", "{\"email\":\"a@b.c\",\"password\":\"x\"} {}"), 400, "malformed_json");
  }

  @Test
  void a_duplicated_key_is_400_malformed_json() {
    Response response = postJson("/api/v1/login", "{\"email\":\"a@b.c\",\"email\":\"e@f.g\",\"password\":\"x\"}");

    assertProblem(response, 400, "malformed_json");
  }

  @Test
  void a_number_where_a_string_belongs_is_a_validation_failure_of_type_invalid_type() {
    Response response = postJson("/api/v1/login", "{\"email\": 5, \"password\": \"secret-password\"}");

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().get("errors")).hasSize(1);
    assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("email");
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("invalid_type");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void an_object_or_boolean_where_a_string_belongs_is_invalid_type() {
    Response response = postJson("/api/v1/login", "{\"email\": {\"a\": 1}, \"password\": true}");

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactly(tuple("email", "invalid_type"), tuple("password", "invalid_type"));
  }

  @Test
  void an_unknown_field_is_a_validation_failure_naming_the_field() {
    Response response =
        postJson("/api/v1/login", "{\"email\": \"a@b.c\", \"password\": \"x\", \"remember_me\": true}");

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactly(tuple("remember_me", "unknown_field"));
  }

  @Test
  void a_missing_required_field_is_a_validation_failure_of_type_required() {
    Response response = postJson("/api/v1/login", "{\"email\": \"a@b.c\"}");

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactly(tuple("password", "required"));
  }

  @Test
  void null_for_a_required_field_counts_as_missing() {
    Response response = postJson("/api/v1/login", "{\"email\": \"a@b.c\", \"password\": null}");

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("required");
  }

  @Test
  void every_problem_in_a_body_is_reported_at_once() {
    Response response = postJson("/api/v1/register", "{\"email\": 5, \"nickname\": \"x\"}");

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactlyInAnyOrder(
            tuple("nickname", "unknown_field"), tuple("email", "invalid_type"), tuple("password", "required"));
  }

  @Test
  void an_optional_field_may_be_absent_or_null() {
    assertThat(postJson("/api/v1/register", "{\"email\": \"a@b.c\", \"password\": \"long-password\"}").status())
        .isEqualTo(202);
    assertThat(((RegisterAccount.Command) accounts.lastCommand).displayName()).isNull();

    Response withNull = postJson("/api/v1/register",
        "{\"email\": \"a@b.c\", \"password\": \"long-password\", \"display_name\": null}");
    assertThat(withNull.status()).isEqualTo(202);
  }

  @Test
  void snake_case_fields_reach_the_use_case() {
    postJson("/api/v1/register",
        "{\"email\": \"a@b.c\", \"password\": \"long-password\", \"display_name\": \"Ada\"}");

    RegisterAccount.Command command = (RegisterAccount.Command) accounts.lastCommand;
    assertThat(command.email()).isEqualTo("a@b.c");
    assertThat(command.password()).isEqualTo("long-password");
    assertThat(command.displayName()).isEqualTo("Ada");
  }

  @Test
  void a_body_over_64_kib_with_a_content_length_is_413() {
    String big = "{\"email\": \"" + "a".repeat(70_000) + "\", \"password\": \"x\"}";

    Response response = postJson("/api/v1/login", big);

    assertProblem(response, 413, "payload_too_large");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_chunked_body_over_64_kib_without_a_content_length_is_413() {
    byte[] big = ("{\"email\": \"" + "a".repeat(70_000) + "\", \"password\": \"x\"}").getBytes(StandardCharsets.UTF_8);

    Response response = post("/api/v1/login", "application/json",
        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

    assertProblem(response, 413, "payload_too_large");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_body_of_exactly_the_limit_is_accepted() {
    String prefix = "{\"email\": \"a@b.c\", \"password\": \"";
    String suffix = "\"}";
    String exact = prefix + "p".repeat(65_536 - prefix.length() - suffix.length()) + suffix;

    assertThat(postJson("/api/v1/login", exact).status()).isEqualTo(200);
  }

  @Test
  void a_wrong_content_type_is_415() {
    Response response = post("/api/v1/login", "text/plain", "{\"email\": \"a@b.c\", \"password\": \"x\"}");

    assertProblem(response, 415, "unsupported_media_type");
  }

  @Test
  void a_missing_content_type_is_415() {
    Response response = post("/api/v1/login", null, "{\"email\": \"a@b.c\", \"password\": \"x\"}");

    assertProblem(response, 415, "unsupported_media_type");
  }

  @Test
  void json_with_a_utf8_charset_parameter_is_accepted() {
    Response response =
        post("/api/v1/login", "Application/JSON; charset=UTF-8", "{\"email\": \"a@b.c\", \"password\": \"x\"}");

    assertThat(response.status()).isEqualTo(200);
  }

  private static void assertProblem(Response response, int status, String code) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.contentType()).startsWith(PROBLEM_JSON);
    assertThat(response.code()).isEqualTo(code);
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).isEqualTo("https://keyhold.dev/problems/" + code);
    assertThat(response.json().get("title").asText()).isNotBlank();
    assertThat(response.json().get("detail").asText()).isNotBlank();
    assertThat(response.json().get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
  }
}
