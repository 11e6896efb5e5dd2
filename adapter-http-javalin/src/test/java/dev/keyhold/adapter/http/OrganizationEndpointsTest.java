package dev.keyhold.adapter.http;

import static dev.keyhold.adapter.http.FakeOrganizations.INVITATION;
import static dev.keyhold.adapter.http.FakeOrganizations.MEMBER;
import static dev.keyhold.adapter.http.FakeOrganizations.ORG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.identity.model.org.InvitationStatus;
import dev.keyhold.identity.usecase.Organizations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationEndpointsTest extends HttpApiTestSupport {

  private static final String ORG_PATH = "/api/v1/orgs/" + ORG;

  @Test
  void create_answers_201_with_the_organization_and_its_location() {
    Response response = authorized("POST", "/api/v1/orgs", "{\"name\": \"Acme\", \"slug\": \"acme\"}");

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Location")).isEqualTo(ORG_PATH);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertOrganization(response.json());
    assertThat(organizations.lastCall.method()).isEqualTo("create");
    assertThat(organizations.lastCall.arguments()).containsExactly("Acme", "acme");
  }

  @Test
  void create_without_a_slug_or_with_a_null_one_leaves_the_slug_to_the_use_case() {
    assertThat(authorized("POST", "/api/v1/orgs", "{\"name\": \"Acme\"}").status()).isEqualTo(201);
    assertThat(organizations.lastCall.arguments()).containsExactly("Acme", null);

    assertThat(authorized("POST", "/api/v1/orgs", "{\"name\": \"Acme\", \"slug\": null}").status())
        .isEqualTo(201);
    assertThat(organizations.lastCall.arguments()).containsExactly("Acme", null);
  }

  @Test
  void list_answers_the_callers_organizations_as_items() {
    Response response = authorized("GET", "/api/v1/orgs", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("items")).hasSize(1);
    assertOrganization(response.json().at("/items/0"));
    assertThat(organizations.lastCall.method()).isEqualTo("listMine");
  }

  @Test
  void list_answers_an_empty_items_array_when_the_caller_belongs_nowhere() {
    organizations.organizations = List.of();

    Response response = authorized("GET", "/api/v1/orgs", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("items").isArray()).isTrue();
    assertThat(response.json().get("items")).isEmpty();
  }

  @Test
  void get_answers_the_organization_of_the_path() {
    Response response = authorized("GET", ORG_PATH, null);

    assertThat(response.status()).isEqualTo(200);
    assertOrganization(response.json());
    assertThat(organizations.lastCall.method()).isEqualTo("get");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG);
  }

  @Test
  void an_upper_case_organization_id_is_the_same_organization() {
    Response response = authorized("GET", "/api/v1/orgs/" + ORG.toString().toUpperCase(Locale.ROOT), null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG);
  }

  @Test
  void update_passes_a_left_out_field_as_null_and_answers_the_organization() {
    Response response = authorized("PATCH", ORG_PATH, "{\"name\": \"Acme Corp\"}");

    assertThat(response.status()).isEqualTo(200);
    assertOrganization(response.json());
    assertThat(organizations.lastCall.method()).isEqualTo("update");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG, "Acme Corp", null);
  }

  @Test
  void update_may_change_both_fields() {
    authorized("PATCH", ORG_PATH, "{\"name\": \"Acme Corp\", \"slug\": \"acme-corp\"}");

    assertThat(organizations.lastCall.arguments()).containsExactly(ORG, "Acme Corp", "acme-corp");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"name\": null, \"slug\": null}"})
  void update_without_any_field_is_a_validation_failure(String body) {
    Response response = authorized("PATCH", ORG_PATH, body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().at("/errors/0/field").asText()).isEmpty();
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("no_changes");
    assertThat(organizations.lastCall).isNull();
  }

  @Test
  void delete_answers_204_without_a_body() {
    Response response = authorized("DELETE", ORG_PATH, null);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(organizations.lastCall.method()).isEqualTo("delete");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG);
  }

  @Test
  void invite_answers_201_with_the_invitation_and_never_its_token() {
    Response response = authorized("POST", ORG_PATH + "/invite",
        "{\"email\": \"carol@example.com\", \"role\": \"member\", \"expires_in_seconds\": 3600}");

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header("Location")).isEqualTo(ORG_PATH + "/invitations/" + INVITATION);
    assertInvitation(response.json());
    assertThat(organizations.lastCall.method()).isEqualTo("invite");
    assertThat(organizations.lastCall.arguments())
        .containsExactly(ORG, "carol@example.com", "member", Duration.ofHours(1));
  }

  @Test
  void invite_without_an_expiry_leaves_it_to_the_use_case() {
    Response response =
        authorized("POST", ORG_PATH + "/invite", "{\"email\": \"carol@example.com\", \"role\": \"member\"}");

    assertThat(response.status()).isEqualTo(201);
    assertThat(organizations.lastCall.argument(3)).isNull();
  }

  @ParameterizedTest
  @ValueSource(longs = {60, 2_592_000})
  void invite_accepts_expiries_from_a_minute_to_thirty_days(long seconds) {
    Response response = authorized("POST", ORG_PATH + "/invite",
        "{\"email\": \"carol@example.com\", \"role\": \"member\", \"expires_in_seconds\": " + seconds + "}");

    assertThat(response.status()).isEqualTo(201);
    assertThat(organizations.lastCall.argument(3)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"59", "0", "-60", "2592001", "99999999999999"})
  void invite_refuses_an_expiry_outside_a_minute_to_thirty_days(String seconds) {
    Response response = authorized("POST", ORG_PATH + "/invite",
        "{\"email\": \"carol@example.com\", \"role\": \"member\", \"expires_in_seconds\": " + seconds + "}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("expires_in_seconds");
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("out_of_range");
    assertThat(organizations.lastCall).isNull();
  }

  @Test
  void invitations_are_listed_as_items() {
    Response response = authorized("GET", ORG_PATH + "/invitations", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("items")).hasSize(1);
    assertInvitation(response.json().at("/items/0"));
    assertThat(organizations.lastCall.method()).isEqualTo("listInvitations");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG);
  }

  @Test
  void an_invitation_status_is_written_in_lower_case() {
    Organizations.InvitationView expired = new Organizations.InvitationView(INVITATION, "carol@example.com",
        FakeOrganizations.ROLE, "member", FakeAccounts.USER, FakeOrganizations.CREATED_AT,
        FakeOrganizations.EXPIRES_AT, InvitationStatus.EXPIRED);
    organizations.invitations = List.of(expired);

    Response response = authorized("GET", ORG_PATH + "/invitations", null);

    assertThat(response.json().at("/items/0/status").asText()).isEqualTo("expired");
  }

  @Test
  void revoking_an_invitation_answers_204() {
    Response response = authorized("DELETE", ORG_PATH + "/invitations/" + INVITATION, null);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(organizations.lastCall.method()).isEqualTo("revokeInvitation");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG, INVITATION);
  }

  @Test
  void accepting_an_invitation_answers_the_organization_joined() {
    Response response = authorized("POST", "/api/v1/invitations/accept", "{\"token\": \"invitation-secret\"}");

    assertThat(response.status()).isEqualTo(200);
    assertOrganization(response.json());
    assertThat(organizations.lastCall.method()).isEqualTo("acceptInvitation");
    assertThat(organizations.lastCall.arguments()).containsExactly("invitation-secret");
  }

  @Test
  void members_are_listed_as_items() {
    Response response = authorized("GET", ORG_PATH + "/members", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("items")).hasSize(1);
    assertMember(response.json().at("/items/0"));
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG);
  }

  @Test
  void a_member_without_a_display_name_has_it_as_null() {
    organizations.members = List.of(new Organizations.MemberView(MEMBER, "bob@example.com", null,
        FakeOrganizations.ROLE, "admin", FakeOrganizations.CREATED_AT));

    JsonNode member = authorized("GET", ORG_PATH + "/members", null).json().at("/items/0");

    assertThat(member.has("display_name")).isTrue();
    assertThat(member.get("display_name").isNull()).isTrue();
  }

  @Test
  void changing_a_members_role_answers_the_member() {
    Response response = authorized("PATCH", ORG_PATH + "/members/" + MEMBER, "{\"role\": \"admin\"}");

    assertThat(response.status()).isEqualTo(200);
    assertMember(response.json());
    assertThat(organizations.lastCall.method()).isEqualTo("changeRole");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG, MEMBER, "admin");
  }

  @Test
  void removing_a_member_answers_204() {
    Response response = authorized("DELETE", ORG_PATH + "/members/" + MEMBER, null);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(organizations.lastCall.method()).isEqualTo("removeMember");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG, MEMBER);
  }

  @Test
  void transferring_ownership_answers_204() {
    Response response = authorized("POST", ORG_PATH + "/transfer-ownership", "{\"user_id\": \"" + MEMBER + "\"}");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(organizations.lastCall.method()).isEqualTo("transferOwnership");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG, MEMBER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", ""})
  void transferring_ownership_to_a_malformed_user_id_is_a_validation_failure(String userId) {
    Response response = authorized("POST", ORG_PATH + "/transfer-ownership", "{\"user_id\": \"" + userId + "\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("user_id");
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("invalid_id");
    assertThat(organizations.lastCall).isNull();
  }

  @Test
  void roles_are_listed_as_items() {
    Response response = authorized("GET", ORG_PATH + "/roles", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("items")).hasSize(1);
    assertRole(response.json().at("/items/0"));
    assertThat(organizations.lastCall.method()).isEqualTo("listRoles");
  }

  @Test
  void creating_a_role_answers_201_with_the_role() {
    Response response = authorized("POST", ORG_PATH + "/roles",
        "{\"name\": \"auditor\", \"scopes\": [\"members:read\", \"org:read\"]}");

    assertThat(response.status()).isEqualTo(201);
    assertRole(response.json());
    assertThat(organizations.lastCall.method()).isEqualTo("createRole");
    assertThat(organizations.lastCall.arguments())
        .containsExactly(ORG, "auditor", List.of("members:read", "org:read"));
  }

  @Test
  void a_role_may_be_created_without_scopes() {
    Response response = authorized("POST", ORG_PATH + "/roles", "{\"name\": \"guest\", \"scopes\": []}");

    assertThat(response.status()).isEqualTo(201);
    assertThat(organizations.lastCall.argument(2)).isEqualTo(List.of());
  }

  @Test
  void the_organization_token_is_an_uncacheable_bearer_token_for_that_organization() {
    Response response = authorized("POST", ORG_PATH + "/token", null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Pragma")).isEqualTo("no-cache");
    JsonNode body = response.json();
    assertThat(body.get("access_token").asText()).isEqualTo("org.access.token");
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
    assertThat(body.get("expires_in").asLong()).isEqualTo(900);
    assertThat(body.get("scope").asText()).isEqualTo("members:read org:read");
    assertThat(body.get("org_id").asText()).isEqualTo(ORG.toString());
    assertThat(body.has("refresh_token")).isFalse();
    assertThat(organizations.lastCall.method()).isEqualTo("token");
    assertThat(organizations.lastCall.arguments()).containsExactly(ORG);
  }

  @Test
  void the_organization_token_accepts_an_empty_json_object() {
    assertThat(authorized("POST", ORG_PATH + "/token", "{}").status()).isEqualTo(200);
  }

  @Test
  void the_organization_token_refuses_any_field() {
    Response response = authorized("POST", ORG_PATH + "/token", "{\"scope\": \"org:read\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().at("/errors/0/field").asText()).isEqualTo("scope");
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("unknown_field");
    assertThat(organizations.lastCall).isNull();
  }

  @Test
  void the_organization_token_refuses_a_body_that_is_not_json() {
    Response response = post(ORG_PATH + "/token", "text/plain", "x", "Authorization", BEARER);

    assertThat(response.status()).isEqualTo(415);
    assertThat(organizations.lastCall).isNull();
  }

  @Test
  void an_organization_token_without_scopes_leaves_scope_out() {
    organizations.token = new Organizations.OrganizationToken("t", Duration.ofMinutes(5), ORG, List.of());

    Response response = authorized("POST", ORG_PATH + "/token", null);

    assertThat(response.json().has("scope")).isFalse();
    assertThat(response.json().get("expires_in").asLong()).isEqualTo(300);
  }

  private static void assertOrganization(JsonNode org) {
    assertThat(org.get("id").asText()).isEqualTo(ORG.toString());
    assertThat(org.get("name").asText()).isEqualTo("Acme");
    assertThat(org.get("slug").asText()).isEqualTo("acme");
    assertThat(org.get("require_mfa").isBoolean()).isTrue();
    assertThat(org.get("require_mfa").asBoolean()).isFalse();
    assertThat(org.get("created_at").asText()).isEqualTo("2025-02-03T04:05:06Z");
    assertThat(org.get("role").asText()).isEqualTo("owner");
    assertThat(org.size()).isEqualTo(6);
  }

  private static void assertInvitation(JsonNode invitation) {
    assertThat(invitation.get("id").asText()).isEqualTo(INVITATION.toString());
    assertThat(invitation.get("email").asText()).isEqualTo("carol@example.com");
    assertThat(invitation.get("role").asText()).isEqualTo("member");
    assertThat(invitation.get("role_id").asText()).isEqualTo(FakeOrganizations.ROLE.toString());
    assertThat(invitation.get("invited_by").asText()).isEqualTo(FakeAccounts.USER.toString());
    assertThat(invitation.get("created_at").asText()).isEqualTo("2025-02-03T04:05:06Z");
    assertThat(invitation.get("expires_at").asText()).isEqualTo("2025-02-10T04:05:06Z");
    assertThat(invitation.get("status").asText()).isEqualTo("pending");
    assertThat(invitation.size()).as("no token or other field").isEqualTo(8);
  }

  private static void assertMember(JsonNode member) {
    assertThat(member.get("user_id").asText()).isEqualTo(MEMBER.toString());
    assertThat(member.get("email").asText()).isEqualTo("bob@example.com");
    assertThat(member.get("display_name").asText()).isEqualTo("Bob");
    assertThat(member.get("role").asText()).isEqualTo("admin");
    assertThat(member.get("role_id").asText()).isEqualTo(FakeOrganizations.ROLE.toString());
    assertThat(member.get("joined_at").asText()).isEqualTo("2025-02-03T04:05:06Z");
    assertThat(member.size()).isEqualTo(6);
  }

  private static void assertRole(JsonNode role) {
    assertThat(role.get("id").asText()).isEqualTo(FakeOrganizations.ROLE.toString());
    assertThat(role.get("name").asText()).isEqualTo("auditor");
    assertThat(role.get("scopes")).extracting(JsonNode::asText).containsExactly("members:read", "org:read");
    assertThat(role.get("built_in").asBoolean()).isFalse();
    assertThat(role.size()).isEqualTo(4);
  }
}
