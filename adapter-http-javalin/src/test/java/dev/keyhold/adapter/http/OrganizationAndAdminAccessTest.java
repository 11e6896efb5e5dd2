package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.model.access.Actor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may call the organization and administration routes, and what reaches the use cases about them. */
class OrganizationAndAdminAccessTest extends HttpApiTestSupport {

  private static final String ORG = "/api/v1/orgs/" + FakeOrganizations.ORG;
  private static final String MEMBER = ORG + "/members/" + FakeOrganizations.MEMBER;
  private static final String USER = "/api/v1/admin/users/" + FakeAdministration.TARGET;

  /** Every organization and administration route, with a body it accepts. */
  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of("POST", "/api/v1/orgs", "{\"name\": \"Acme\", \"slug\": \"acme\"}"),
        Arguments.of("GET", "/api/v1/orgs", null),
        Arguments.of("GET", ORG, null),
        Arguments.of("PATCH", ORG, "{\"name\": \"Acme\"}"),
        Arguments.of("DELETE", ORG, null),
        Arguments.of("POST", ORG + "/invite", "{\"email\": \"carol@example.com\", \"role\": \"member\"}"),
        Arguments.of("GET", ORG + "/invitations", null),
        Arguments.of("DELETE", ORG + "/invitations/" + FakeOrganizations.INVITATION, null),
        Arguments.of("POST", "/api/v1/invitations/accept", "{\"token\": \"secret\"}"),
        Arguments.of("GET", ORG + "/members", null),
        Arguments.of("PATCH", MEMBER, "{\"role\": \"admin\"}"),
        Arguments.of("DELETE", MEMBER, null),
        Arguments.of("POST", ORG + "/transfer-ownership", "{\"user_id\": \"" + FakeOrganizations.MEMBER + "\"}"),
        Arguments.of("GET", ORG + "/roles", null),
        Arguments.of("POST", ORG + "/roles", "{\"name\": \"auditor\", \"scopes\": [\"org:read\"]}"),
        Arguments.of("POST", ORG + "/token", null),
        Arguments.of("GET", "/api/v1/roles", null),
        Arguments.of("POST", "/api/v1/roles", "{\"name\": \"support\", \"scopes\": [\"users:read\"]}"),
        Arguments.of("POST", USER + "/roles/support", null),
        Arguments.of("DELETE", USER + "/roles/support", null),
        Arguments.of("GET", "/api/v1/admin/users", null),
        Arguments.of("PATCH", USER + "/disable", null),
        Arguments.of("PATCH", USER + "/enable", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void every_route_without_a_token_is_401_missing_token_and_reaches_no_use_case(
      String method, String path, String body) {
    Response response = sendJson(method, path, body);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("missing_token");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keyhold\"");
    assertThat(organizations.lastCall).isNull();
    assertThat(administration.lastCall).isNull();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void every_route_with_a_rejected_token_is_401_invalid_token(String method, String path, String body) {
    Response response = sendJson(method, path, body, "Authorization", "Bearer not.a.valid-token");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.code()).isEqualTo("invalid_token");
    assertThat(organizations.lastCall).isNull();
    assertThat(administration.lastCall).isNull();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("routes")
  void every_route_succeeds_with_a_token_and_hands_the_use_case_the_caller(String method, String path, String body) {
    Response response = authorized(method, path, body, "X-Request-Id", "req-actor-1");

    assertThat(response.status()).isBetween(200, 204);
    Actor actor = organizations.lastCall != null ? organizations.lastCall.actor() : administration.lastCall.actor();
    assertThat(actor.userId()).isEqualTo(FakeAccounts.USER);
    assertThat(actor.sessionId()).isEqualTo(FakeSessions.SESSION);
    assertThat(actor.client().requestId()).isEqualTo("req-actor-1");
    assertThat(actor.client().ipAddress()).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest(name = "sub={0}, sid={1}")
  @CsvSource(value = {
      "ada, 5e55f1a7-0000-4000-8000-000000000002",
      "0b6c6c1e-3f0e-4c43-9a55-3f4f3f4f3f4f, sid-1",
      "0b6c6c1e-3f0e-4c43-9a55-3f4f3f4f3f4f, NULL",
      "1-1-1-1-1, 5e55f1a7-0000-4000-8000-000000000002"}, nullValues = "NULL")
  void a_token_whose_subject_or_session_is_not_an_id_is_401_invalid_token(String subject, String sessionId) {
    sessions.authenticate = token -> FakeSessions.claims(subject, sessionId);

    Response orgs = authorized("GET", "/api/v1/orgs", null);
    Response users = authorized("GET", "/api/v1/admin/users", null);

    assertThat(orgs.status()).isEqualTo(401);
    assertThat(orgs.code()).isEqualTo("invalid_token");
    assertThat(users.status()).isEqualTo(401);
    assertThat(users.code()).isEqualTo("invalid_token");
    assertThat(organizations.lastCall).isNull();
    assertThat(administration.lastCall).isNull();
  }

  @Test
  void a_token_whose_subject_is_not_an_id_is_401_on_the_account_routes_too() {
    sessions.authenticate = token -> FakeSessions.claims("ada", FakeSessions.SESSION.toString());

    Response response = get("/api/v1/me", "Authorization", BEARER);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.code()).isEqualTo("invalid_token");
  }

  /** Routes with a malformed id in their path, and a body they would otherwise accept. */
  static Stream<Arguments> malformedIds() {
    String inv = "/invitations/" + FakeOrganizations.INVITATION;
    Stream.Builder<Arguments> cases = Stream.builder();
    for (String bad : new String[] {"not-a-uuid", "1-1-1-1-1", "0a6a0000-0000-4000-8000-00000000000a0",
        "%20", "0a6a0000000040008000000000000000"}) {
      String badOrg = "/api/v1/orgs/" + bad;
      String badUser = "/api/v1/admin/users/" + bad;
      cases.add(Arguments.of("GET", badOrg, null));
      cases.add(Arguments.of("PATCH", badOrg, "{\"name\": \"Acme\"}"));
      cases.add(Arguments.of("DELETE", badOrg, null));
      cases.add(Arguments.of("POST", badOrg + "/invite", "{\"email\": \"c@example.com\", \"role\": \"member\"}"));
      cases.add(Arguments.of("GET", badOrg + "/invitations", null));
      cases.add(Arguments.of("DELETE", badOrg + inv, null));
      cases.add(Arguments.of("DELETE", ORG + "/invitations/" + bad, null));
      cases.add(Arguments.of("GET", badOrg + "/members", null));
      cases.add(Arguments.of("PATCH", badOrg + "/members/" + FakeOrganizations.MEMBER, "{\"role\": \"admin\"}"));
      cases.add(Arguments.of("PATCH", ORG + "/members/" + bad, "{\"role\": \"admin\"}"));
      cases.add(Arguments.of("DELETE", ORG + "/members/" + bad, null));
      cases.add(Arguments.of("POST", badOrg + "/transfer-ownership",
          "{\"user_id\": \"" + FakeOrganizations.MEMBER + "\"}"));
      cases.add(Arguments.of("GET", badOrg + "/roles", null));
      cases.add(Arguments.of("POST", badOrg + "/roles", "{\"name\": \"auditor\", \"scopes\": []}"));
      cases.add(Arguments.of("POST", badOrg + "/token", null));
      cases.add(Arguments.of("POST", badUser + "/roles/support", null));
      cases.add(Arguments.of("DELETE", badUser + "/roles/support", null));
      cases.add(Arguments.of("PATCH", badUser + "/disable", null));
      cases.add(Arguments.of("PATCH", badUser + "/enable", null));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("malformedIds")
  void a_malformed_id_in_a_path_is_404_not_found(String method, String path, String body) {
    Response response = authorized(method, path, body);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("not_found");
    assertThat(organizations.lastCall).isNull();
    assertThat(administration.lastCall).isNull();
  }

  @Test
  void a_malformed_id_without_a_token_is_401_not_404() {
    assertThat(sendJson("GET", "/api/v1/orgs/not-a-uuid", null).status()).isEqualTo(401);
    assertThat(sendJson("PATCH", "/api/v1/admin/users/not-a-uuid/disable", null).status()).isEqualTo(401);
  }

  @Test
  void the_path_is_checked_before_the_body() {
    Response response = authorized("PATCH", "/api/v1/orgs/not-a-uuid", "{\"bogus\": 1}");

    assertThat(response.status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"slug_taken", "role_name_taken", "already_member", "last_owner"})
  void each_conflict_is_409_with_its_code(String code) {
    ErrorCode conflict = ErrorCode.fromCode(code).orElseThrow();
    organizations.failWith(new ConflictException(conflict, "It clashes."));
    administration.failWith(new ConflictException(conflict, "It clashes."));

    Response org = authorized("POST", "/api/v1/orgs", "{\"name\": \"Acme\", \"slug\": \"acme\"}");
    Response admin = authorized("POST", "/api/v1/roles", "{\"name\": \"support\", \"scopes\": []}");

    for (Response response : new Response[] {org, admin}) {
      assertThat(response.status()).isEqualTo(409);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.code()).isEqualTo(code);
      assertThat(response.json().get("type").asText()).isEqualTo("https://keyhold.dev/problems/" + code);
      assertThat(response.json().get("status").asInt()).isEqualTo(409);
      assertThat(response.json().get("title").asText()).isNotBlank().isNotEqualTo("Request rejected");
      assertThat(response.json().get("detail").asText()).isEqualTo("It clashes.");
    }
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of(new ForbiddenException("You may not."), 403),
        Arguments.of(new NotFoundException("No such organization."), 404));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("rejections")
  void forbidden_and_not_found_from_the_use_cases_keep_their_statuses(IdentityException failure, int status) {
    organizations.failWith(failure);
    administration.failWith(failure);

    assertThat(authorized("GET", ORG + "/members", null).status()).isEqualTo(status);
    assertThat(authorized("PATCH", USER + "/disable", null).status()).isEqualTo(status);
  }

  @ParameterizedTest(name = "{0} {1} -> Allow: {2}")
  @CsvSource(delimiter = '|', value = {
      "PUT    | /api/v1/orgs                                                         | GET, HEAD, POST",
      "PUT    | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a                    | DELETE, GET, HEAD, PATCH",
      "POST   | /api/v1/orgs/anything                                                | DELETE, GET, HEAD, PATCH",
      "GET    | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/invite             | POST",
      "POST   | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/invitations        | GET, HEAD",
      "GET    | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/invitations/x      | DELETE",
      "GET    | /api/v1/invitations/accept                                           | POST",
      "POST   | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/members            | GET, HEAD",
      "GET    | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/members/x          | DELETE, PATCH",
      "GET    | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/transfer-ownership | POST",
      "DELETE | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/roles              | GET, HEAD, POST",
      "GET    | /api/v1/orgs/0a6a0000-0000-4000-8000-00000000000a/token              | POST",
      "DELETE | /api/v1/roles                                                        | GET, HEAD, POST",
      "GET    | /api/v1/admin/users/x/roles/support                                  | DELETE, POST",
      "PUT    | /api/v1/admin/users                                                  | GET, HEAD, POST",
      "POST   | /api/v1/admin/users/x/disable                                        | PATCH",
      "GET    | /api/v1/admin/users/x/enable                                         | PATCH"})
  void a_wrong_method_on_a_new_path_is_405_with_its_methods_in_allow(String method, String path, String allow) {
    Response response = authorized(method, path, null);

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.code()).isEqualTo("method_not_allowed");
    assertThat(response.header("Allow")).isEqualTo(allow);
  }
}
