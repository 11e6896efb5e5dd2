package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Swapped ids, escalation attempts and invitation misuse over real HTTP on PostgreSQL: each answers 403, 404 or the
 * invitation's own error, and never leaks or changes another organization's data.
 */
class TenantIsolationTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer server =
      new RunningServer(Map.of("ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1"));

  private static ApiClient api;
  private static String ownerA;
  private static String ownerB;
  private static String orgA;
  private static String orgB;
  private static String memberOfA;
  private static String memberOfAId;

  @BeforeAll
  static void twoOrganizations() {
    api = server.api();
    ownerA = signUp("owner.a@example.com");
    ownerB = signUp("owner.b@example.com");
    orgA = api.post("/api/v1/orgs", Map.of("name", "A", "slug", "org-a"), ownerA).text("id");
    orgB = api.post("/api/v1/orgs", Map.of("name", "B", "slug", "org-b"), ownerB).text("id");
    memberOfA = signUp("member.a@example.com");
    memberOfAId = api.get("/api/v1/me", memberOfA).text("id");
    join(orgA, ownerA, "member.a@example.com", "member", memberOfA);
  }

  @Test
  void another_organizations_member_cannot_be_changed_or_removed_through_my_path() {
    String membersOfA = api.get("/api/v1/orgs/" + orgA + "/members", ownerA).raw().body();
    assertThat(api.send("PATCH", "/api/v1/orgs/" + orgB + "/members/" + memberOfAId, Map.of("role", "admin"), ownerB)
        .status()).isEqualTo(404);
    assertThat(api.send("DELETE", "/api/v1/orgs/" + orgB + "/members/" + memberOfAId, null, ownerB).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/" + orgA + "/members", ownerA).raw().body()).isEqualTo(membersOfA);
  }

  @Test
  void another_organizations_invitation_cannot_be_revoked_through_my_path() {
    String invitation = api.post("/api/v1/orgs/" + orgA + "/invite",
        Map.of("email", "someone@example.com", "role", "member"), ownerA).text("id");
    assertThat(api.send("DELETE", "/api/v1/orgs/" + orgB + "/invitations/" + invitation, null, ownerB).status())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/" + orgA + "/invitations", ownerA).body().get("items").findValuesAsText("id"))
        .contains(invitation);
  }

  @Test
  void an_organization_token_grants_nothing_in_another_organization() throws Exception {
    ApiClient.Response token = api.post("/api/v1/orgs/" + orgA + "/token", Map.of(), memberOfA);
    assertThat(token.status()).isEqualTo(200);
    assertThat(JWSObject.parse(token.text("access_token")).getPayload().toJSONObject())
        .containsEntry("org_id", orgA);
    String orgToken = token.text("access_token");
    assertThat(api.get("/api/v1/orgs/" + orgB, orgToken).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/orgs/" + orgB + "/token", Map.of(), memberOfA).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/" + orgA + "/members", orgToken).status()).isEqualTo(200);
  }

  @Test
  void garbage_and_unknown_ids_are_not_found() {
    assertThat(api.get("/api/v1/orgs/not-a-uuid", ownerA).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/00000000-0000-4000-8000-000000000000", ownerA).status()).isEqualTo(404);
    assertThat(api.send("DELETE", "/api/v1/orgs/" + orgA + "/members/%27%3B--", null, ownerA).status())
        .isEqualTo(404);
  }

  @Test
  void an_organization_admin_cannot_escalate() {
    String adminToken = signUp("org.admin@example.com");
    String adminId = api.get("/api/v1/me", adminToken).text("id");
    join(orgA, ownerA, "org.admin@example.com", "admin", adminToken);
    String before = api.get("/api/v1/orgs/" + orgA + "/members", ownerA).raw().body();

    assertThat(api.post("/api/v1/orgs/" + orgA + "/invite", Map.of("email", "x@example.com", "role", "owner"),
        adminToken).status()).as("inviting an owner").isEqualTo(403);
    assertThat(api.send("PATCH", "/api/v1/orgs/" + orgA + "/members/" + memberOfAId, Map.of("role", "owner"),
        adminToken).status()).as("promoting to owner").isEqualTo(403);
    assertThat(api.post("/api/v1/orgs/" + orgA + "/roles", Map.of("name", "deleter", "scopes", List.of("org:delete")),
        adminToken).status()).as("a role with a scope the admin lacks").isEqualTo(403);
    assertThat(api.send("PATCH", "/api/v1/orgs/" + orgA + "/members/" + adminId, Map.of("role", "owner"),
        adminToken).status()).as("changing one's own role").isEqualTo(403);
    assertThat(api.send("DELETE", "/api/v1/orgs/" + orgA, null, adminToken).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/orgs/" + orgA + "/members", ownerA).raw().body()).contains(adminId)
        .isEqualTo(before);
  }

  @Test
  void the_last_owner_cannot_leave_until_ownership_is_transferred() {
    String ownerC = signUp("owner.c@example.com");
    String orgC = api.post("/api/v1/orgs", Map.of("name", "C", "slug", "org-c"), ownerC).text("id");
    String ownerCId = api.get("/api/v1/me", ownerC).text("id");
    ApiClient.Response leave = api.send("DELETE", "/api/v1/orgs/" + orgC + "/members/" + ownerCId, null, ownerC);
    assertThat(leave.status()).isEqualTo(409);
    assertThat(leave.text("code")).isEqualTo("last_owner");

    String heir = signUp("heir@example.com");
    String heirId = api.get("/api/v1/me", heir).text("id");
    join(orgC, ownerC, "heir@example.com", "member", heir);
    assertThat(api.post("/api/v1/orgs/" + orgC + "/transfer-ownership", Map.of("user_id", heirId), ownerC).status())
        .isEqualTo(204);
    assertThat(api.send("DELETE", "/api/v1/orgs/" + orgC + "/members/" + ownerCId, null, ownerC).status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/orgs/" + orgC, ownerC).status()).as("gone at once").isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/" + orgC, heir).body().get("role").asText()).isEqualTo("owner");
  }

  @Test
  void an_invitation_works_once_for_the_invited_address_only() {
    String stranger = signUp("stranger@example.com");
    api.post("/api/v1/orgs/" + orgA + "/invite", Map.of("email", "invitee@example.com", "role", "member"), ownerA);
    String token = server.mail().lastTokenSentTo("invitee@example.com");

    ApiClient.Response wrongPerson = api.post("/api/v1/invitations/accept", Map.of("token", token), stranger);
    assertThat(wrongPerson.status()).isEqualTo(400);
    assertThat(wrongPerson.text("code")).isEqualTo("invalid_link_token");

    String invitee = signUp("invitee@example.com");
    assertThat(api.post("/api/v1/invitations/accept", Map.of("token", token), invitee).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/invitations/accept", Map.of("token", token), invitee).text("code"))
        .as("reused").isEqualTo("invalid_link_token");
  }

  @Test
  void a_revoked_invitation_cannot_be_accepted() {
    String id = api.post("/api/v1/orgs/" + orgA + "/invite", Map.of("email", "revoked@example.com", "role", "member"),
        ownerA).text("id");
    String token = server.mail().lastTokenSentTo("revoked@example.com");
    assertThat(api.send("DELETE", "/api/v1/orgs/" + orgA + "/invitations/" + id, null, ownerA).status())
        .isEqualTo(204);
    String invitee = signUp("revoked@example.com");
    assertThat(api.post("/api/v1/invitations/accept", Map.of("token", token), invitee).text("code"))
        .isEqualTo("invalid_link_token");
  }

  @Test
  void a_removed_member_loses_access_at_once() {
    String leaver = signUp("leaver@example.com");
    String leaverId = api.get("/api/v1/me", leaver).text("id");
    join(orgA, ownerA, "leaver@example.com", "member", leaver);
    String orgToken = api.post("/api/v1/orgs/" + orgA + "/token", Map.of(), leaver).text("access_token");
    assertThat(api.get("/api/v1/orgs/" + orgA + "/members", orgToken).status()).isEqualTo(200);

    assertThat(api.send("DELETE", "/api/v1/orgs/" + orgA + "/members/" + leaverId, null, ownerA).status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/orgs/" + orgA + "/members", orgToken).status())
        .as("even with an unexpired organization token").isEqualTo(404);
  }

  private static void join(String orgId, String inviter, String email, String role, String token) {
    assertThat(api.post("/api/v1/orgs/" + orgId + "/invite", Map.of("email", email, "role", role), inviter).status())
        .isEqualTo(201);
    ApiClient.Response accepted = api.post("/api/v1/invitations/accept",
        Map.of("token", server.mail().lastTokenSentTo(email)), token);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
  }

  private static String signUp(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email))).status())
        .isEqualTo(200);
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login.text("access_token");
  }
}
