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
