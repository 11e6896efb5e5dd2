package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit log over real HTTP on PostgreSQL: what a day of requests leaves in it, the platform administrator's
 * search with filters and pages, and an organization's view of its own events.
 */
class AuditFlowTest {

  private static final String PASSWORD = "correct horse battery staple";

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of(
      "BOOTSTRAP_ADMIN_EMAIL", "root@example.com", "BOOTSTRAP_ADMIN_PASSWORD", PASSWORD,
      "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1"));

  private static ApiClient api;
  private static String admin;
  private static String ada;
  private static String adaId;
  private static String bob;
  private static String carol;
  private static String acme;
  private static String globex;
  private static String failedLoginRequestId;

  @BeforeAll
  static void aDayOfRequests() {
    api = server.api();
    admin = login("root@example.com").text("access_token");
    ada = signUp("ada@example.com");
    adaId = api.get("/api/v1/me", ada).text("id");
    bob = signUp("bob@example.com");
    carol = signUp("carol@example.com");
    ApiClient.Response failed =
        api.post("/api/v1/login", Map.of("email", "ada@example.com", "password", "not the password"));
    assertThat(failed.status()).isEqualTo(401);
    failedLoginRequestId = failed.header("X-Request-Id");
    ApiClient.Response session = login("ada@example.com");
    ApiClient.Response refreshed = api.post("/api/v1/refresh", Map.of("refresh_token", session.text("refresh_token")));
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", refreshed.text("refresh_token"))).status())
        .isEqualTo(200);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", session.text("refresh_token"))).text("code"))
        .isEqualTo("token_reused");

    acme = api.post("/api/v1/orgs", Map.of("name", "Acme", "slug", "acme"), ada).text("id");
    assertThat(api.post("/api/v1/orgs/" + acme + "/invite", Map.of("email", "bob@example.com", "role", "member"), ada)
        .status()).isEqualTo(201);
    assertThat(api.post("/api/v1/invitations/accept",
        Map.of("token", server.mail().lastTokenSentTo("bob@example.com")), bob).status()).isEqualTo(200);
    assertThat(api.send("PATCH", "/api/v1/orgs/" + acme, Map.of("name", "Acme Inc."), ada).status()).isEqualTo(200);
    globex = api.post("/api/v1/orgs", Map.of("name", "Globex", "slug", "globex"), carol).text("id");
    assertThat(api.send("PATCH", "/api/v1/orgs/" + globex, Map.of("name", "Globex Corp."), carol).status())
        .isEqualTo(200);
  }

  @Test
  void the_platform_administrator_sees_the_whole_day_newest_first() {
    List<JsonNode> events = items("/api/v1/admin/audit?limit=100", admin);

    assertThat(events).extracting(event -> event.get("action").asText()).contains("user.registered",
        "email.verified", "login.succeeded", "login.failed", "token.refreshed", "token.reuse_detected",
        "org.created", "invitation.created", "invitation.accepted", "org.updated");
    assertThat(events).extracting(event -> Long.parseLong(event.get("id").asText()))
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(events).allSatisfy(event -> {
      assertThat(event.get("occurred_at").asText()).endsWith("Z");
      Instant.parse(event.get("occurred_at").asText());
    });
    JsonNode failure = single(events, "login.failed");
    assertThat(failure.get("outcome").asText()).isEqualTo("failure");
    assertThat(failure.get("actor_id").isNull()).isTrue();
    assertThat(failure.get("target_id").asText()).isEqualTo(adaId);
    assertThat(failure.get("org_id").isNull()).isTrue();
    assertThat(failure.get("ip_address").asText()).isEqualTo("127.0.0.1");
    assertThat(failure.get("user_agent").asText()).startsWith("Java-http-client");
    assertThat(failure.get("request_id").asText()).isEqualTo(failedLoginRequestId);
    assertThat(failure.at("/details/reason").asText()).isEqualTo("bad_password");
  }

  @Test
  void each_filter_narrows_the_platform_log() {
    assertThat(items("/api/v1/admin/audit?action=login.failed", admin))
        .extracting(event -> event.get("action").asText()).containsOnly("login.failed");
    assertThat(items("/api/v1/admin/audit?actor=" + adaId, admin))
        .isNotEmpty().allSatisfy(event -> assertThat(event.get("actor_id").asText()).isEqualTo(adaId));
    assertThat(items("/api/v1/admin/audit?target=" + adaId + "&action=login.failed", admin)).hasSize(1);
    assertThat(actions(items("/api/v1/admin/audit?org=" + acme, admin)))
        .containsExactly("org.updated", "invitation.accepted", "invitation.created", "org.created");
    assertThat(items("/api/v1/admin/audit?org=" + globex + "&actor=" + adaId, admin)).isEmpty();
  }

  @Test
  void the_time_range_includes_its_start_and_excludes_its_end() {
    List<JsonNode> all = items("/api/v1/admin/audit?limit=100", admin);
    JsonNode created = single(items("/api/v1/admin/audit?org=" + acme + "&action=org.created", admin), "org.created");
    String at = created.get("occurred_at").asText();

    List<JsonNode> fromThen = items("/api/v1/admin/audit?limit=100&from=" + at, admin);
    List<JsonNode> beforeThen = items("/api/v1/admin/audit?limit=100&to=" + at, admin);

    assertThat(fromThen).extracting(event -> event.get("id").asText()).contains(created.get("id").asText());
    assertThat(beforeThen).extracting(event -> event.get("id").asText())
        .doesNotContain(created.get("id").asText());
    assertThat(fromThen.size() + beforeThen.size()).isEqualTo(all.size());
    assertThat(items("/api/v1/admin/audit?from=2999-01-01T00:00:00Z", admin)).isEmpty();
    assertThat(items("/api/v1/admin/audit?to=2000-01-01T00:00:00%2B01:00", admin)).isEmpty();
  }

  @Test
  void pages_follow_their_cursors_without_gaps_or_repeats() {
    List<String> all = ids(items("/api/v1/admin/audit?limit=100", admin));
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ApiClient.Response page = api.get("/api/v1/admin/audit?limit=4"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), admin);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      seen.addAll(ids(list(page)));
      JsonNode next = page.body().get("next_cursor");
      cursor = next.isNull() ? null : next.asText();
      pages++;
    } while (cursor != null && pages < 100);

    assertThat(seen).containsExactlyElementsOf(all);
    assertThat(new HashSet<>(seen)).hasSize(seen.size());
    assertThat(pages).isEqualTo((all.size() + 3) / 4).isGreaterThan(2);
  }

  @Test
  void malformed_queries_and_cursors_are_400_and_non_auditors_403() {
    ApiClient.Response cursor = api.get("/api/v1/admin/audit?cursor=forged", admin);
    assertThat(cursor.status()).isEqualTo(400);
    assertThat(cursor.body().at("/errors/0/field").asText()).isEqualTo("cursor");
    assertThat(cursor.body().at("/errors/0/code").asText()).isEqualTo("invalid_cursor");

    ApiClient.Response query = api.get("/api/v1/admin/audit?from=yesterday&limit=500", admin);
    assertThat(query.status()).isEqualTo(400);
    assertThat(query.body().get("errors")).hasSize(2);

    ApiClient.Response range = api.get("/api/v1/admin/audit?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z",
        admin);
    assertThat(range.body().at("/errors/0/code").asText()).isEqualTo("invalid_range");

    ApiClient.Response member = api.get("/api/v1/admin/audit", ada);
    assertThat(member.status()).isEqualTo(403);
    assertThat(member.text("code")).isEqualTo("forbidden");
    assertThat(api.get("/api/v1/admin/audit", null).status()).isEqualTo(401);
  }

  @Test
  void an_organization_sees_its_own_events_and_nothing_of_another() {
    List<JsonNode> events = items("/api/v1/orgs/" + acme + "/audit?limit=100", ada);

    assertThat(actions(events))
        .containsExactly("org.updated", "invitation.accepted", "invitation.created", "org.created");
    assertThat(events).allSatisfy(event -> assertThat(event.get("org_id").asText()).isEqualTo(acme));
    assertThat(actions(items("/api/v1/orgs/" + globex + "/audit", carol)))
        .containsExactly("org.updated", "org.created");
  }

  @Test
  void outsiders_get_404_and_members_without_the_scope_403() {
    assertThat(api.get("/api/v1/orgs/" + acme + "/audit", carol).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/" + globex + "/audit", ada).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/00000000-0000-4000-8000-000000000000/audit", ada).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/orgs/" + acme + "/audit", admin).status())
        .as("platform administrators are not members").isEqualTo(404);
    ApiClient.Response member = api.get("/api/v1/orgs/" + acme + "/audit", bob);
    assertThat(member.status()).isEqualTo(403);
    assertThat(member.text("code")).isEqualTo("forbidden");
    assertThat(api.get("/api/v1/orgs/" + acme + "/audit?org=" + globex, ada).status()).isEqualTo(400);
  }

  @Test
  void a_refused_read_is_itself_recorded_in_the_organizations_log() {
    api.get("/api/v1/orgs/" + acme + "/audit", bob);

    List<JsonNode> denied = items("/api/v1/orgs/" + acme + "/audit?action=access.denied", ada);
    assertThat(denied).isNotEmpty().allSatisfy(event -> {
      assertThat(event.at("/details/scope").asText()).isEqualTo("audit:read");
      assertThat(event.get("actor_id").asText()).isEqualTo(api.get("/api/v1/me", bob).text("id"));
    });
  }

  private static List<JsonNode> items(String path, String token) {
    ApiClient.Response response = api.get(path, token);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    return list(response);
  }

  private static List<JsonNode> list(ApiClient.Response response) {
    List<JsonNode> items = new ArrayList<>();
    response.body().get("items").forEach(items::add);
    return items;
  }

  /**
   * The actions of {@code events} but for {@code access.denied}, which other tests of this class add when they run
   * first.
   */
  private static List<String> actions(List<JsonNode> events) {
    return events.stream().map(event -> event.get("action").asText())
        .filter(action -> !action.equals("access.denied")).toList();
  }

  private static List<String> ids(List<JsonNode> events) {
    return events.stream().map(event -> event.get("id").asText()).toList();
  }

  private static JsonNode single(List<JsonNode> events, String action) {
    List<JsonNode> found = events.stream().filter(event -> event.get("action").asText().equals(action)).toList();
    assertThat(found).as(action).hasSize(1);
    return found.get(0);
  }

  private static ApiClient.Response login(String email) {
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login;
  }

  private static String signUp(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email))).status())
        .isEqualTo(200);
    return login(email).text("access_token");
  }
}
