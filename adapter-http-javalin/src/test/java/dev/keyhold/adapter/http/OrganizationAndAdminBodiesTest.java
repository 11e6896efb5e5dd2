package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The request bodies of the organization and administration routes are as strict as every other. */
class OrganizationAndAdminBodiesTest extends HttpApiTestSupport {

  private static final String ORG = "/api/v1/orgs/" + FakeOrganizations.ORG;
  private static final String MEMBER = ORG + "/members/" + FakeOrganizations.MEMBER;
  private static final String USER = "/api/v1/admin/users/" + FakeAdministration.TARGET;

  /** Method, path, body, and the expected {@code field:code} errors in order. */
  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("POST", "/api/v1/orgs", "{}", "name:required"),
        Arguments.of("POST", "/api/v1/orgs", "{\"name\": 1, \"slug\": \"acme\", \"owner\": \"x\"}",
            "owner:unknown_field name:invalid_type"),
        Arguments.of("POST", "/api/v1/orgs", "{\"name\": \"Acme\", \"slug\": true}", "slug:invalid_type"),
        Arguments.of("PATCH", ORG, "{\"name\": 5}", "name:invalid_type"),
        Arguments.of("PATCH", ORG, "{\"slug\": \"acme\", \"plan\": \"pro\"}", "plan:unknown_field"),
        Arguments.of("POST", ORG + "/invite", "{\"email\": \"carol@example.com\"}", "role:required"),
        Arguments.of("POST", ORG + "/invite",
            "{\"email\": \"carol@example.com\", \"role\": \"member\", \"expires_in_seconds\": \"3600\"}",
            "expires_in_seconds:invalid_type"),
        Arguments.of("POST", ORG + "/invite",
            "{\"email\": \"carol@example.com\", \"role\": \"member\", \"expires_in_seconds\": 3600.5}",
            "expires_in_seconds:invalid_type"),
        Arguments.of("POST", ORG + "/invite", "{\"email\": [\"a@b.c\"], \"role\": \"member\", \"token\": \"t\"}",
            "token:unknown_field email:invalid_type"),
        Arguments.of("POST", "/api/v1/invitations/accept", "{}", "token:required"),
        Arguments.of("POST", "/api/v1/invitations/accept", "{\"token\": 42}", "token:invalid_type"),
        Arguments.of("PATCH", MEMBER, "{\"role\": null}", "role:required"),
        Arguments.of("PATCH", MEMBER, "{\"role\": \"admin\", \"user_id\": \"x\"}", "user_id:unknown_field"),
        Arguments.of("POST", ORG + "/transfer-ownership", "{}", "user_id:required"),
        Arguments.of("POST", ORG + "/transfer-ownership", "{\"user_id\": 7}", "user_id:invalid_type"),
        Arguments.of("POST", ORG + "/roles", "{\"name\": \"auditor\"}", "scopes:required"),
        Arguments.of("POST", ORG + "/roles", "{\"name\": \"auditor\", \"scopes\": \"org:read\"}",
            "scopes:invalid_type"),
        Arguments.of("POST", ORG + "/roles", "{\"name\": \"auditor\", \"scopes\": [\"org:read\", 5]}",
            "scopes:invalid_type"),
        Arguments.of("POST", ORG + "/roles", "{\"name\": \"auditor\", \"scopes\": [\"org:read\", null]}",
            "scopes:invalid_type"),
        Arguments.of("POST", ORG + "/roles", "{\"name\": \"auditor\", \"scopes\": {\"org:read\": true}}",
            "scopes:invalid_type"),
        Arguments.of("POST", ORG + "/token", "{\"org_id\": \"x\"}", "org_id:unknown_field"),
        Arguments.of("POST", "/api/v1/roles", "{\"scopes\": []}", "name:required"),
        Arguments.of("POST", "/api/v1/roles", "{\"name\": \"support\", \"scopes\": [[\"users:read\"]]}",
            "scopes:invalid_type"),
        Arguments.of("POST", USER + "/roles/support", "{\"expires\": 1}", "expires:unknown_field"),
        Arguments.of("PATCH", USER + "/disable", "{\"reason\": \"spam\"}", "reason:unknown_field"),
        Arguments.of("PATCH", USER + "/enable", "{\"status\": \"active\"}", "status:unknown_field"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("invalidBodies")
  void an_invalid_body_is_a_validation_failure_per_field(String method, String path, String body, String errors) {
    Response response = authorized(method, path, body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText() + ":" + e.get("code").asText())
        .containsExactlyElementsOf(Arrays.asList(errors.split(" ")));
    assertThat(organizations.lastCall).isNull();
    assertThat(administration.lastCall).isNull();
  }

  /** Every route that takes a JSON body, with a valid one. */
  static Stream<Arguments> routesWithBodies() {
    return Stream.of(
        Arguments.of("POST", "/api/v1/orgs"),
        Arguments.of("PATCH", ORG),
        Arguments.of("POST", ORG + "/invite"),
        Arguments.of("POST", "/api/v1/invitations/accept"),
        Arguments.of("PATCH", MEMBER),
        Arguments.of("POST", ORG + "/transfer-ownership"),
        Arguments.of("POST", ORG + "/roles"),
        Arguments.of("POST", ORG + "/token"),
        Arguments.of("POST", "/api/v1/roles"),
        Arguments.of("POST", USER + "/roles/support"),
        Arguments.of("PATCH", USER + "/disable"),
        Arguments.of("PATCH", USER + "/enable"),
        Arguments.of("POST", USER + "/logout"),
        Arguments.of("POST", "/api/v1/admin/users"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routesWithBodies")
  void a_body_that_is_not_a_json_object_is_malformed_json(String method, String path) {
    for (String body : List.of("[]", "\"text\"", "{\"a\": ", "{} {}")) {
      Response response = authorized(method, path, body);

      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.code()).as(body).isEqualTo("malformed_json");
    }
    assertThat(organizations.lastCall).isNull();
    assertThat(administration.lastCall).isNull();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routesWithBodies")
  void a_body_that_is_not_json_is_415(String method, String path) {
    Response response = send(request(path, "Authorization", BEARER, "Content-Type", "text/plain")
        .method(method, BodyPublishers.ofString("name=x")));

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.code()).isEqualTo("unsupported_media_type");
  }
}
