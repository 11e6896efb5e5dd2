package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every organization and admin endpoint against five callers: anonymous, a user of another organization, a member
 * whose role has no scopes, a member holding the scope (the owner), and a platform administrator who is not a member.
 * Each cell asserts the status and, where the call is denied, that nothing visible changed. Every cell gets a fresh
 * organization, so allowed destructive calls do not disturb other cells.
 */
class AuthorizationMatrixTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADMIN_EMAIL = "root@example.com";

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of(
      "BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL, "BOOTSTRAP_ADMIN_PASSWORD", PASSWORD,
      "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1",
      // the same few accounts sign in for every cell; the login limits are tested elsewhere
      "RATE_LIMIT_LOGIN_ACCOUNT", "100000/1m"));

  private static ApiClient api;
  private static final AtomicInteger sequence = new AtomicInteger();

  /** The callers of the matrix. */
  enum Caller { ANONYMOUS, OUTSIDER, MEMBER_WITHOUT_SCOPE, OWNER, PLATFORM_ADMIN }

  private static Map<Caller, String> tokens;
  private static String targetUserId;

  @BeforeAll
  static void signInEveryone() {
    api = server.api();
    tokens = new HashMap<>();
    tokens.put(Caller.PLATFORM_ADMIN, login(ADMIN_EMAIL));
    tokens.put(Caller.OWNER, signUp("owner@example.com"));
    tokens.put(Caller.MEMBER_WITHOUT_SCOPE, signUp("bystander@example.com"));
    tokens.put(Caller.OUTSIDER, signUp("outsider@example.com"));
    targetUserId = api.get("/api/v1/me", signUp("target@example.com")).text("id");
    ApiClient.Response otherOrg = api.post("/api/v1/orgs", Map.of("name", "Other", "slug", "other-org"),
        tokens.get(Caller.OUTSIDER));
    assertThat(otherOrg.status()).isEqualTo(201);
  }

  /** One endpoint: how to call it in a fresh world, and who may. */
  record Row(String name, String method, Function<World, String> path, Function<World, Map<String, ?>> body,
      boolean admin, boolean anyMember, int success, Runnable prepare) {

    Row prepared(Runnable step) {
      return new Row(name, method, path, body, admin, anyMember, success, step);
    }
  }

  /** A fresh organization with the owner, a scope-less member and a target member, plus a pending invitation. */
  record World(String orgId, String invitationId) {}

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(org("read organization", "GET", w -> "/api/v1/orgs/" + w.orgId(), null, 200));
    rows.add(org("rename organization", "PATCH", w -> "/api/v1/orgs/" + w.orgId(),
        w -> Map.of("name", "Renamed"), 200));
    rows.add(org("delete organization", "DELETE", w -> "/api/v1/orgs/" + w.orgId(), null, 204));
    rows.add(org("invite", "POST", w -> "/api/v1/orgs/" + w.orgId() + "/invite",
        w -> Map.of("email", "new" + sequence.incrementAndGet() + "@example.com", "role", "member"), 201));
    rows.add(org("list invitations", "GET", w -> "/api/v1/orgs/" + w.orgId() + "/invitations", null, 200));
    rows.add(org("revoke invitation", "DELETE",
        w -> "/api/v1/orgs/" + w.orgId() + "/invitations/" + w.invitationId(), null, 204));
    rows.add(org("list members", "GET", w -> "/api/v1/orgs/" + w.orgId() + "/members", null, 200));
    rows.add(org("change a member's role", "PATCH", w -> "/api/v1/orgs/" + w.orgId() + "/members/" + targetUserId,
        w -> Map.of("role", "admin"), 200));
    rows.add(org("remove a member", "DELETE", w -> "/api/v1/orgs/" + w.orgId() + "/members/" + targetUserId,
        null, 204));
    rows.add(org("transfer ownership", "POST", w -> "/api/v1/orgs/" + w.orgId() + "/transfer-ownership",
        w -> Map.of("user_id", targetUserId), 204));
    rows.add(org("list roles", "GET", w -> "/api/v1/orgs/" + w.orgId() + "/roles", null, 200));
    rows.add(org("create role", "POST", w -> "/api/v1/orgs/" + w.orgId() + "/roles",
        w -> Map.of("name", "viewer" + sequence.incrementAndGet(), "scopes", List.of("org:read")), 201));
    rows.add(org("read the organization's audit log", "GET", w -> "/api/v1/orgs/" + w.orgId() + "/audit", null, 200));
    rows.add(new Row("organization token", "POST", w -> "/api/v1/orgs/" + w.orgId() + "/token", w -> Map.of(),
        false, true, 200, () -> { }));
    rows.add(admin("list global roles", "GET", w -> "/api/v1/roles", null, 200));
    rows.add(admin("create global role", "POST", w -> "/api/v1/roles",
        w -> Map.of("name", "auditor" + sequence.incrementAndGet(), "scopes", List.of("audit:read")), 201));
    rows.add(admin("grant global role", "POST", w -> "/api/v1/admin/users/" + targetUserId + "/roles/admin",
        null, 204));
    rows.add(admin("revoke global role", "DELETE", w -> "/api/v1/admin/users/" + targetUserId + "/roles/admin",
        null, 204).prepared(() -> adminCall("POST", "/api/v1/admin/users/" + targetUserId + "/roles/admin", 204)));
    rows.add(admin("list users", "GET", w -> "/api/v1/admin/users", null, 200));
    rows.add(admin("disable user", "PATCH", w -> "/api/v1/admin/users/" + targetUserId + "/disable", null, 200));
    rows.add(admin("enable user", "PATCH", w -> "/api/v1/admin/users/" + targetUserId + "/enable", null, 200)
        .prepared(() -> adminCall("PATCH", "/api/v1/admin/users/" + targetUserId + "/disable", 200)));
    rows.add(admin("read the audit log", "GET", w -> "/api/v1/admin/audit", null, 200));
    return rows;
  }

  private static Row org(String name, String method, Function<World, String> path,
      Function<World, Map<String, ?>> body, int success) {
    return new Row(name, method, path, body, false, false, success, () -> { });
  }

  private static Row admin(String name, String method, Function<World, String> path,
      Function<World, Map<String, ?>> body, int success) {
    return new Row(name, method, path, body, true, false, success, () -> { });
  }

  private static int expected(Row row, Caller caller) {
    switch (caller) {
      case ANONYMOUS:
        return 401;
      case OUTSIDER:
        return row.admin() ? 403 : 404;
      case MEMBER_WITHOUT_SCOPE:
        return row.anyMember() ? row.success() : 403;
      case OWNER:
        return row.admin() ? 403 : row.success();
      default:
        return row.admin() ? row.success() : 404;
    }
  }

  @TestFactory
  Stream<DynamicTest> every_endpoint_for_every_caller() {
    return rows().stream().flatMap(row -> Stream.of(Caller.values()).map(caller ->
        DynamicTest.dynamicTest(row.name() + " as " + caller, () -> cell(row, caller))));
  }

  private static void cell(Row row, Caller caller) {
    // the target starts every cell enabled and without global roles, whatever earlier cells did
    adminCall("PATCH", "/api/v1/admin/users/" + targetUserId + "/enable", 200);
    adminCall("DELETE", "/api/v1/admin/users/" + targetUserId + "/roles/admin", 204);
    World world = freshWorld();
    row.prepare().run();
    String before = snapshot(world);
    ApiClient.Response response = api.send(row.method(), row.path().apply(world),
        row.body() == null ? null : row.body().apply(world), tokens.get(caller));

    int expected = expected(row, caller);
    assertThat(response.status()).as("%s as %s: %s", row.name(), caller, response).isEqualTo(expected);
    if (expected >= 400) {
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
      assertThat(snapshot(world)).as("nothing changed after a denied call").isEqualTo(before);
    }
  }

  private static void adminCall(String method, String path, int status) {
    ApiClient.Response response = api.send(method, path, null, tokens.get(Caller.PLATFORM_ADMIN));
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
  }

  /** What the owner and the administrator can see of the world, as text to compare. */
  private static String snapshot(World world) {
    String owner = tokens.get(Caller.OWNER);
    String admin = tokens.get(Caller.PLATFORM_ADMIN);
    String org = "/api/v1/orgs/" + world.orgId();
    return String.join("\n",
        api.get(org, owner).raw().body(),
        api.get(org + "/members", owner).raw().body(),
        api.get(org + "/invitations", owner).raw().body(),
        api.get(org + "/roles", owner).raw().body(),
        api.get("/api/v1/admin/users?limit=200", admin).raw().body(),
        api.get("/api/v1/roles", admin).raw().body());
  }

  private static World freshWorld() {
    String owner = tokens.get(Caller.OWNER);
    int n = sequence.incrementAndGet();
    ApiClient.Response org = api.post("/api/v1/orgs", Map.of("name", "Org " + n, "slug", "org-" + n), owner);
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    String orgId = org.text("id");
    assertThat(api.post("/api/v1/orgs/" + orgId + "/roles", Map.of("name", "bystander", "scopes", List.of()), owner)
        .status()).isEqualTo(201);
    join(orgId, "bystander@example.com", "bystander", tokens.get(Caller.MEMBER_WITHOUT_SCOPE));
    join(orgId, "target@example.com", "member", login("target@example.com"));
    ApiClient.Response pending = api.post("/api/v1/orgs/" + orgId + "/invite",
        Map.of("email", "pending" + n + "@example.com", "role", "member"), owner);
    assertThat(pending.status()).isEqualTo(201);
    return new World(orgId, pending.text("id"));
  }

  private static void join(String orgId, String email, String role, String token) {
    ApiClient.Response invited = api.post("/api/v1/orgs/" + orgId + "/invite", Map.of("email", email, "role", role),
        tokens.get(Caller.OWNER));
    assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
    String invitation = server.mail().lastTokenSentTo(email);
    ApiClient.Response accepted = api.post("/api/v1/invitations/accept", Map.of("token", invitation), token);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
  }

  private static String signUp(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email))).status())
        .isEqualTo(200);
    return login(email);
  }

  private static String login(String email) {
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login.text("access_token");
  }
}
