package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A signed-in user's own account end to end on PostgreSQL: profile, sessions, deletion, address. */
class SelfServiceFlowTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer server = new RunningServer();
  private static ApiClient api;
  private static CapturingMailer mail;

  @BeforeAll
  static void connect() {
    api = server.api();
    mail = server.mail();
  }

  /** Registers, verifies and signs in; the login's answer. */
  private static ApiClient.Response signUp(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email))).status())
        .isEqualTo(200);
    return login(email);
  }

  private static ApiClient.Response login(String email) {
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login;
  }

  @Test
  void a_user_sets_and_clears_their_display_name() {
    String access = signUp("named@example.com").text("access_token");

    ApiClient.Response named = api.send("PATCH", "/api/v1/me", Map.of("display_name", "  Ada L. "), access);
    assertThat(named.status()).as(named.toString()).isEqualTo(200);
    assertThat(named.text("display_name")).isEqualTo("Ada L.");
    assertThat(api.get("/api/v1/me", access).text("display_name")).isEqualTo("Ada L.");

    ApiClient.Response tooLong = api.send("PATCH", "/api/v1/me", Map.of("display_name", "x".repeat(101)), access);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().at("/errors/0/field").asText()).isEqualTo("display_name");

    Map<String, Object> clear = new HashMap<>();
    clear.put("display_name", null);
    ApiClient.Response cleared = api.send("PATCH", "/api/v1/me", clear, access);
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/me", access).body().get("display_name").isNull()).isTrue();
  }

  @Test
  void a_user_lists_their_sessions_and_ends_one_which_stops_at_once() {
    ApiClient.Response lost = signUp("two-devices@example.com");
    ApiClient.Response current = login("two-devices@example.com");
    String access = current.text("access_token");

    ApiClient.Response listed = api.get("/api/v1/me/sessions", access);
    assertThat(listed.status()).isEqualTo(200);
    JsonNode items = listed.body().get("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("current").asBoolean()).as("newest first: this one").isTrue();
    assertThat(items.get(1).get("current").asBoolean()).isFalse();
    assertThat(items.get(1).get("last_used_at").asText()).isNotBlank();
    String lostId = items.get(1).get("id").asText();

    ApiClient.Response stranger = signUp("stranger@example.com");
    ApiClient.Response notTheirs = api.send("DELETE", "/api/v1/me/sessions/" + lostId, null,
        stranger.text("access_token"));
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(api.get("/api/v1/me", lost.text("access_token")).status()).as("still signed in").isEqualTo(200);

    ApiClient.Response ended = api.send("DELETE", "/api/v1/me/sessions/" + lostId, null, access);
    assertThat(ended.status()).isEqualTo(204);
    assertThat(api.get("/api/v1/me", lost.text("access_token")).status()).isEqualTo(401);
    ApiClient.Response refused = api.post("/api/v1/refresh", Map.of("refresh_token", lost.text("refresh_token")));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.text("code")).isEqualTo("invalid_refresh_token");
    assertThat(api.get("/api/v1/me/sessions", access).body().get("items")).hasSize(1);
  }

  @Test
  void a_deleted_users_tokens_stop_at_once_their_address_is_free_and_a_goodbye_is_mailed() {
    String email = "leaving@example.com";
    ApiClient.Response other = signUp(email);
    ApiClient.Response current = login(email);
    String owner = signUp("org-owner@example.com").text("access_token");
    String org = api.post("/api/v1/orgs", Map.of("name", "Stays", "slug", "stays"), owner).text("id");
    assertThat(api.post("/api/v1/orgs/" + org + "/invite", Map.of("email", email, "role", "member"), owner).status())
        .isEqualTo(201);

    ApiClient.Response wrong = api.send("DELETE", "/api/v1/me", Map.of("current_password", "not it"),
        current.text("access_token"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.text("code")).isEqualTo("invalid_credentials");

    ApiClient.Response deleted = api.send("DELETE", "/api/v1/me", Map.of("current_password", PASSWORD),
        current.text("access_token"));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

    assertThat(api.get("/api/v1/me", current.text("access_token")).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/me", other.text("access_token")).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", other.text("refresh_token"))).status())
        .isEqualTo(401);
    assertThat(api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(401);
    assertThat(mail.sentTo(email)).last().satisfies(m -> assertThat(m.subject()).contains("deleted"));
    assertThat(api.get("/api/v1/orgs/" + org + "/invitations", owner).body().get("items"))
        .as("the invitation addressed to the deleted user is gone").isEmpty();
    signUp(email);
  }

  @Test
  void the_only_owner_of_an_organization_cannot_delete_their_account() {
    String access = signUp("sole-owner@example.com").text("access_token");
    assertThat(api.post("/api/v1/orgs", Map.of("name", "Mine", "slug", "mine"), access).status()).isEqualTo(201);

    ApiClient.Response refused = api.send("DELETE", "/api/v1/me", Map.of("current_password", PASSWORD), access);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("code")).isEqualTo("last_owner");
    assertThat(api.get("/api/v1/me", access).status()).isEqualTo(200);
  }

  @Test
  void an_address_changes_when_the_new_one_confirms_it_and_the_other_sessions_end() {
    ApiClient.Response laptop = signUp("moving@example.com");
    ApiClient.Response phone = login("moving@example.com");

    ApiClient.Response asked = api.post("/api/v1/me/email",
        Map.of("new_email", "Moved@Example.com", "current_password", PASSWORD), laptop.text("access_token"));
    assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
    assertThat(mail.sentTo("moving@example.com")).last()
        .satisfies(m -> assertThat(m.textBody()).contains("Moved@Example.com").doesNotContain("token="));
    assertThat(api.get("/api/v1/me", laptop.text("access_token")).text("email")).isEqualTo("moving@example.com");

    ApiClient.Response confirmed = api.post("/api/v1/confirm-email",
        Map.of("token", mail.lastTokenSentTo("Moved@Example.com")));
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    assertThat(confirmed.text("email")).isEqualTo("Moved@Example.com");

    assertThat(api.get("/api/v1/me", phone.text("access_token")).status()).as("another session").isEqualTo(401);
    ApiClient.Response me = api.get("/api/v1/me", laptop.text("access_token"));
    assertThat(me.text("email")).isEqualTo("Moved@Example.com");
    assertThat(me.body().get("email_verified").asBoolean()).isTrue();
    assertThat(api.post("/api/v1/login", Map.of("email", "moving@example.com", "password", PASSWORD)).status())
        .isEqualTo(401);
    login("moved@example.com");
  }

  @Test
  void two_users_claiming_one_address_at_once_leave_it_to_exactly_one() throws Exception {
    String[] tokens = new String[2];
    for (int i = 0; i < 2; i++) {
      String access = signUp("claimant" + i + "@example.com").text("access_token");
      assertThat(api.post("/api/v1/me/email", Map.of("new_email", "contested@example.com",
          "current_password", PASSWORD), access).status()).isEqualTo(202);
      tokens[i] = mail.lastTokenSentTo("contested@example.com");
    }

    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<ApiClient.Response>> answers = new java.util.ArrayList<>();
      for (String token : tokens) {
        answers.add(pool.submit(() -> {
          start.await();
          return api.post("/api/v1/confirm-email", Map.of("token", token));
        }));
      }
      List<Integer> statuses = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<ApiClient.Response> answer : answers) {
        ApiClient.Response response = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
        statuses.add(response.status());
        if (response.status() == 409) {
          assertThat(response.text("code")).isEqualTo("email_taken");
        }
      }
      assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    } finally {
      pool.shutdownNow();
    }
    ApiClient.Response winner = login("contested@example.com");
    assertThat(api.get("/api/v1/me", winner.text("access_token")).text("email")).isEqualTo("contested@example.com");
    assertThat(List.of("claimant0@example.com", "claimant1@example.com").stream()
        .map(email -> api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD)).status()))
        .as("the winner's old address is gone, the other keeps theirs").containsExactlyInAnyOrder(200, 401);
  }
}
