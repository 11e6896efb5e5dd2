package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The platform administrator's flows over real HTTP on PostgreSQL, and the create-admin command. */
class AdministrationFlowTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of(
      "BOOTSTRAP_ADMIN_EMAIL", "root@example.com", "BOOTSTRAP_ADMIN_PASSWORD", PASSWORD,
      "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1"));

  private static ApiClient api;
  private static String admin;

  @BeforeAll
  static void signInAdmin() {
    api = server.api();
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", "root@example.com", "password", PASSWORD));
    assertThat(login.status()).as("the bootstrap administrator can sign in").isEqualTo(200);
    admin = login.text("access_token");
  }

  @Test
  void the_administrators_token_carries_the_platform_scopes() throws Exception {
    assertThat(JWSObject.parse(admin).getPayload().toJSONObject().get("scope"))
        .isEqualTo("audit:read roles:write users:read users:write");
  }

  @Test
  void users_are_listed_in_pages_without_gaps_or_repeats() {
    for (int i = 0; i < 7; i++) {
      signUp("page" + i + "@list.example.com");
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ApiClient.Response page = api.get("/api/v1/admin/users?email_prefix=page&limit=3"
          + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      for (JsonNode user : page.body().get("items")) {
        seen.add(user.get("email").asText());
      }
      JsonNode next = page.body().get("next_cursor");
      cursor = next == null || next.isNull() ? null : next.asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).containsExactly("page0@list.example.com", "page1@list.example.com", "page2@list.example.com",
        "page3@list.example.com", "page4@list.example.com", "page5@list.example.com", "page6@list.example.com");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void a_disabled_user_is_signed_out_everywhere_and_cannot_sign_in() {
    ApiClient.Response session = signUp("disabled@example.com");
    String userId = api.get("/api/v1/me", session.text("access_token")).text("id");

    assertThat(api.send("PATCH", "/api/v1/admin/users/" + userId + "/disable", null, admin).status()).isEqualTo(200);

    assertThat(api.get("/api/v1/me", session.text("access_token")).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", session.text("refresh_token"))).status())
        .isEqualTo(401);
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", "disabled@example.com", "password", PASSWORD));
    assertThat(login.text("code")).as("the usual generic error").isEqualTo("invalid_credentials");

    assertThat(api.send("PATCH", "/api/v1/admin/users/" + userId + "/enable", null, admin).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/login", Map.of("email", "disabled@example.com", "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  void users_are_found_by_the_start_of_their_display_name_in_any_case_on_postgresql() {
    for (String[] user : new String[][] {{"z.named@find.example.com", "Ada Lovelace"},
        {"b.named@find.example.com", "ADAM Smith"}, {"a.named@find.example.com", "Grace 50%"}}) {
      assertThat(api.post("/api/v1/register", Map.of("email", user[0], "password", PASSWORD, "display_name", user[1]))
          .status()).isEqualTo(202);
    }

    ApiClient.Response found = api.get("/api/v1/admin/users?q=aDa&email_prefix=&limit=1", admin);
    assertThat(found.status()).as(found.toString()).isEqualTo(200);
    assertThat(found.body().at("/items/0/email").asText()).isEqualTo("b.named@find.example.com");
    ApiClient.Response next = api.get("/api/v1/admin/users?q=aDa&limit=1&cursor="
        + found.body().get("next_cursor").asText(), admin);
    assertThat(next.body().at("/items/0/email").asText()).isEqualTo("z.named@find.example.com");
    assertThat(next.body().get("next_cursor").isNull()).isTrue();
    assertThat(api.get("/api/v1/admin/users?q=grace%2050%25", admin).body().get("items")).hasSize(1);
    assertThat(api.get("/api/v1/admin/users?q=grace%205_", admin).body().get("items")).isEmpty();
  }

  @Test
  void a_user_in_full_shows_their_organization_sessions_and_last_sign_in() {
    ApiClient.Response first = signUp("detailed@example.com");
    String token = first.text("access_token");
    String userId = api.get("/api/v1/me", token).text("id");
    ApiClient.Response org = api.post("/api/v1/orgs", Map.of("name", "Detailed", "slug", "detailed-org"), token);
    assertThat(org.status()).isEqualTo(201);
    api.post("/api/v1/login", Map.of("email", "detailed@example.com", "password", PASSWORD));

    ApiClient.Response user = api.get("/api/v1/admin/users/" + userId, admin);

    assertThat(user.status()).as(user.toString()).isEqualTo(200);
    JsonNode body = user.body();
    assertThat(body.get("email").asText()).isEqualTo("detailed@example.com");
    assertThat(body.get("roles")).isEmpty();
    assertThat(body.at("/organizations/0/id").asText()).isEqualTo(org.text("id"));
    assertThat(body.at("/organizations/0/slug").asText()).isEqualTo("detailed-org");
    assertThat(body.at("/organizations/0/role").asText()).isEqualTo("owner");
    assertThat(body.get("active_sessions").asInt()).isEqualTo(2);
    assertThat(body.get("mfa_enabled").asBoolean()).isFalse();
    assertThat(java.time.Instant.parse(body.get("last_login_at").asText()))
        .isAfterOrEqualTo(java.time.Instant.parse(body.get("created_at").asText()));
    assertThat(api.get("/api/v1/admin/users/" + userId, token).status()).as("needs users:read").isEqualTo(403);
    assertThat(api.get("/api/v1/admin/users/0c0c0000-0000-4000-8000-00000000000c", admin).status()).isEqualTo(404);
  }

  @Test
  void logging_a_user_out_ends_their_sessions_at_once_but_not_their_account() {
    ApiClient.Response first = signUp("logged-out@example.com");
    ApiClient.Response second = api.post("/api/v1/login",
        Map.of("email", "logged-out@example.com", "password", PASSWORD));
    String userId = api.get("/api/v1/me", first.text("access_token")).text("id");

    assertThat(api.send("POST", "/api/v1/admin/users/" + userId + "/logout", null, admin).status()).isEqualTo(204);

    for (ApiClient.Response session : List.of(first, second)) {
      assertThat(api.get("/api/v1/me", session.text("access_token")).status()).isEqualTo(401);
      assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", session.text("refresh_token"))).status())
          .isEqualTo(401);
    }
    assertThat(api.get("/api/v1/admin/users/" + userId, admin).body().get("active_sessions").asInt()).isZero();
    assertThat(api.send("POST", "/api/v1/admin/users/" + userId + "/logout", null, admin).status()).as("idempotent")
        .isEqualTo(204);
    assertThat(api.post("/api/v1/login", Map.of("email", "logged-out@example.com", "password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  void an_administrator_cannot_log_themselves_out_as_an_administrator() {
    String adminId = api.get("/api/v1/me", admin).text("id");

    ApiClient.Response refused = api.send("POST", "/api/v1/admin/users/" + adminId + "/logout", null, admin);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("code")).isEqualTo("forbidden");
    assertThat(api.get("/api/v1/me", admin).status()).isEqualTo(200);
  }

  @Test
  void an_administrator_creates_a_user_who_chooses_a_password_through_the_mailed_link() {
    ApiClient.Response created = api.post("/api/v1/admin/users",
        Map.of("email", "New.Hire@example.com", "display_name", "New Hire"), admin);

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.text("email")).isEqualTo("New.Hire@example.com");
    assertThat(created.body().get("email_verified").asBoolean()).isTrue();
    assertThat(created.body().get("roles")).isEmpty();
    assertThat(api.post("/api/v1/login", Map.of("email", "new.hire@example.com", "password", PASSWORD)).status())
        .as("no password yet").isEqualTo(401);
    String token = server.mail().lastTokenSentTo("New.Hire@example.com");
    assertThat(api.post("/api/v1/password-reset/confirm", Map.of("token", token, "new_password", PASSWORD))
        .status()).isEqualTo(204);
    assertThat(api.post("/api/v1/login", Map.of("email", "new.hire@example.com", "password", PASSWORD)).status())
        .isEqualTo(200);

    ApiClient.Response again = api.post("/api/v1/admin/users", Map.of("email", "NEW.HIRE@example.com"), admin);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text("code")).isEqualTo("email_taken");
    String userToken = api.post("/api/v1/login", Map.of("email", "new.hire@example.com", "password", PASSWORD))
        .text("access_token");
    assertThat(api.post("/api/v1/admin/users", Map.of("email", "x@example.com"), userToken).status())
        .as("needs users:write").isEqualTo(403);
  }

  @Test
  void an_administrator_deletes_a_user_whose_tokens_stop_at_once_unless_they_own_an_organization_alone() {
    ApiClient.Response session = signUp("deleted.by.admin@example.com");
    String access = session.text("access_token");
    String userId = api.get("/api/v1/me", access).text("id");
    String org = api.post("/api/v1/orgs", Map.of("name", "Owned Alone"), access).text("id");

    ApiClient.Response refused = api.send("DELETE", "/api/v1/admin/users/" + userId, null, admin);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.text("code")).isEqualTo("last_owner");
    assertThat(api.get("/api/v1/me", access).status()).as("nothing changed").isEqualTo(200);

    assertThat(api.send("DELETE", "/api/v1/orgs/" + org, null, access).status()).isEqualTo(204);
    ApiClient.Response deleted = api.send("DELETE", "/api/v1/admin/users/" + userId, null, admin);
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

    assertThat(api.get("/api/v1/me", access).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", session.text("refresh_token"))).status())
        .isEqualTo(401);
    assertThat(api.get("/api/v1/admin/users/" + userId, admin).status()).isEqualTo(404);
    assertThat(api.send("DELETE", "/api/v1/admin/users/" + userId, null, admin).status()).isEqualTo(404);
    assertThat(server.mail().sentTo("deleted.by.admin@example.com")).last()
        .satisfies(m -> assertThat(m.textBody()).contains("An administrator"));
    JsonNode events = api.get("/api/v1/admin/audit?action=user.deleted&target=" + userId, admin).body().get("items");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).at("/details/by").asText()).isEqualTo("administrator");
  }

  @Test
  void an_administrator_cannot_delete_themselves() {
    String adminId = api.get("/api/v1/me", admin).text("id");
    ApiClient.Response refused = api.send("DELETE", "/api/v1/admin/users/" + adminId, null, admin);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("code")).isEqualTo("forbidden");
    assertThat(api.get("/api/v1/me", admin).status()).isEqualTo(200);
  }

  @Test
  void an_administrator_cannot_disable_themselves() {
    String adminId = api.get("/api/v1/me", admin).text("id");
    assertThat(api.send("PATCH", "/api/v1/admin/users/" + adminId + "/disable", null, admin).status())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/me", admin).status()).isEqualTo(200);
  }

  @Test
  void create_admin_makes_a_new_verified_administrator_from_the_command_line() throws Exception {
    Map<String, String> env = TestDatabase.serverEnvironment(Map.of());
    int status = Main.run(new String[] {"create-admin", "cli.admin@example.com"}, env,
        new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(status).as("the fresh database is not migrated yet").isEqualTo(Main.UNAVAILABLE);

    assertThat(Main.run(new String[] {"migrate"}, env)).isEqualTo(Main.OK);
    status = Main.run(new String[] {"create-admin", "cli.admin@example.com"}, env,
        new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
    assertThat(status).isEqualTo(Main.OK);

    try (KeyholdServer other = TestServers.start(Config.fromEnvironment(env), new CapturingMailer(), false)) {
      ApiClient client = new ApiClient(other.port());
      ApiClient.Response login = client.post("/api/v1/login",
          Map.of("email", "cli.admin@example.com", "password", PASSWORD));
      assertThat(login.status()).isEqualTo(200);
      assertThat(client.get("/api/v1/admin/users", login.text("access_token")).status()).isEqualTo(200);
    }
    assertThat(Main.run(new String[] {"create-admin", "not-an-email"}, env,
        new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)))).isEqualTo(Main.DATA);
  }

  private static ApiClient.Response signUp(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email))).status())
        .isEqualTo(200);
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    return login;
  }
}
