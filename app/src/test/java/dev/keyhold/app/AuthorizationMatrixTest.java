package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every organization, admin, two-factor and external sign-in endpoint (with a real OpenID provider,
 * mock-oauth2-server) against five callers: anonymous, a user of another organization, a
 * member whose role has no scopes, a member holding the scope (the owner), and a platform administrator who is not a
 * member. Each cell asserts the status and, where the call is denied, that nothing visible changed. Every cell gets a
 * fresh organization, so allowed destructive calls do not disturb other cells; the two-factor rows act on the caller's
 * own account and put it back as it was afterwards. Every caller signed in with a password alone.
 */
class AuthorizationMatrixTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADMIN_EMAIL = "root@example.com";

  /** An OpenID provider (mock-oauth2-server) the server signs users in with, as {@code acme}. */
  private static final MockOAuth2Server provider = startedProvider();

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.ofEntries(
      Map.entry("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL), Map.entry("BOOTSTRAP_ADMIN_PASSWORD", PASSWORD),
      Map.entry("ARGON2_MEMORY_KIB", "8192"), Map.entry("ARGON2_ITERATIONS", "1"),
      // the same few accounts sign in and give codes for every cell; the limits are tested elsewhere
      Map.entry("RATE_LIMIT_LOGIN_ACCOUNT", "100000/1m"), Map.entry("RATE_LIMIT_MFA_ACCOUNT", "100000/1m"),
      Map.entry("OIDC_PROVIDERS", "acme"), Map.entry("OIDC_ACME_ISSUER", provider.issuerUrl("acme").toString()),
      Map.entry("OIDC_ACME_CLIENT_ID", "keyhold"), Map.entry("OIDC_ACME_CLIENT_SECRET", "acme-secret"),
      Map.entry("OIDC_ACME_REDIRECT_URI", "http://localhost:3000/oauth/acme/callback"),
      Map.entry("OIDC_ACME_DISPLAY_NAME", "Acme SSO")));

  private static final HttpClient BROWSER = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  private static ApiClient api;
  private static final AtomicInteger sequence = new AtomicInteger();

  /** The callers of the matrix. */
  enum Caller { ANONYMOUS, OUTSIDER, MEMBER_WITHOUT_SCOPE, OWNER, PLATFORM_ADMIN }

  private static Map<Caller, String> tokens;
  private static String targetUserId;
  /** An account with two-factor sign-in, whose logins the open second step finishes; and its unused recovery codes. */
  private static final String MFA_USER = "two-factor@example.com";
  private static final List<String> recoveryCodes = new ArrayList<>();

  @BeforeAll
  static void signInEveryone() {
    api = server.api();
    tokens = new HashMap<>();
    tokens.put(Caller.PLATFORM_ADMIN, login(ADMIN_EMAIL));
    tokens.put(Caller.OWNER, signUp("owner@example.com"));
    tokens.put(Caller.MEMBER_WITHOUT_SCOPE, signUp("bystander@example.com"));
    tokens.put(Caller.OUTSIDER, signUp("outsider@example.com"));
    targetUserId = api.get("/api/v1/me", signUp("target@example.com")).text("id");
    recoveryCodes.addAll(enrolWith(signUp(MFA_USER)).recoveryCodes());
    ApiClient.Response otherOrg = api.post("/api/v1/orgs", Map.of("name", "Other", "slug", "other-org"),
        tokens.get(Caller.OUTSIDER));
    assertThat(otherOrg.status()).isEqualTo(201);
  }

  /** Who may call an endpoint. */
  enum Access {
    /** Members holding the scope (the owner holds them all). */
    ORG_SCOPE,
    /** Any member. */
    ANY_MEMBER,
    /** Members holding the scope, and only from a session that passed a second factor, which no caller here did. */
    ORG_SCOPE_WITH_SECOND_FACTOR,
    /** Platform administrators. */
    ADMIN,
    /** Anyone signed in, on their own account. */
    SELF,
    /** Anyone, signed in or not. */
    OPEN
  }

  /** One endpoint: how to call it in a fresh world, who may, and what to set up and put back around the call. */
  record Row(String name, String method, Function<World, String> path, Function<World, Map<String, ?>> body,
      Access access, int success, Consumer<World> prepare, Consumer<World> cleanup) {

    Row prepared(Runnable step) {
      return prepared(world -> step.run());
    }

    Row prepared(Consumer<World> step) {
      return new Row(name, method, path, body, access, success, step, cleanup);
    }

    Row cleanedUp(Consumer<World> step) {
      return new Row(name, method, path, body, access, success, prepare, step);
    }
  }

  /**
   * A fresh organization with the owner, a scope-less member and a target member, plus a pending invitation; the
   * caller of the cell, and what a row's preparation hands to its body and clean-up.
   */
  record World(String orgId, String invitationId, Caller caller, Map<String, Object> values) {

    String token() {
      return tokens.get(caller);
    }

    String text(String key, String otherwise) {
      Object value = values.get(key);
      return value == null ? otherwise : value.toString();
    }
  }

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
        Access.ANY_MEMBER, 200, w -> { }, w -> { }));
    rows.add(new Row("require two-factor sign-in", "PATCH", w -> "/api/v1/orgs/" + w.orgId(),
        w -> Map.of("require_mfa", true), Access.ORG_SCOPE_WITH_SECOND_FACTOR, 200, w -> { }, w -> { }));
    rows.add(admin("list global roles", "GET", w -> "/api/v1/roles", null, 200));
    rows.add(admin("create global role", "POST", w -> "/api/v1/roles",
        w -> Map.of("name", "auditor" + sequence.incrementAndGet(), "scopes", List.of("audit:read")), 201));
    rows.add(admin("grant global role", "POST", w -> "/api/v1/admin/users/" + targetUserId + "/roles/admin",
        null, 204));
    rows.add(admin("revoke global role", "DELETE", w -> "/api/v1/admin/users/" + targetUserId + "/roles/admin",
        null, 204).prepared(() -> adminCall("POST", "/api/v1/admin/users/" + targetUserId + "/roles/admin", 204)));
    rows.add(admin("list users", "GET", w -> "/api/v1/admin/users", null, 200));
    rows.add(admin("create a user", "POST", w -> "/api/v1/admin/users",
        w -> Map.of("email", "created" + sequence.incrementAndGet() + "@example.com"), 201));
    rows.add(admin("show a user", "GET", w -> "/api/v1/admin/users/" + targetUserId, null, 200));
    rows.add(admin("disable user", "PATCH", w -> "/api/v1/admin/users/" + targetUserId + "/disable", null, 200));
    rows.add(admin("enable user", "PATCH", w -> "/api/v1/admin/users/" + targetUserId + "/enable", null, 200)
        .prepared(() -> adminCall("PATCH", "/api/v1/admin/users/" + targetUserId + "/disable", 200)));
    rows.add(admin("log a user out everywhere", "POST", w -> "/api/v1/admin/users/" + targetUserId + "/logout",
        null, 204));
    rows.add(admin("delete a user", "DELETE", w -> "/api/v1/admin/users/" + w.text("victim", "none"), null, 204)
        .prepared(w -> w.values().put("victim", api.post("/api/v1/admin/users",
            Map.of("email", "victim" + sequence.incrementAndGet() + "@example.com"),
            tokens.get(Caller.PLATFORM_ADMIN)).text("id"))));
    rows.add(admin("read the audit log", "GET", w -> "/api/v1/admin/audit", null, 200));
    rows.add(admin("reset a user's two-factor sign-in", "DELETE",
        w -> "/api/v1/admin/users/" + targetUserId + "/mfa", null, 204)
        .prepared(w -> w.values().put("target", enrolWith(login("target@example.com")).token()))
        .cleanedUp(w -> adminCall("DELETE", "/api/v1/admin/users/" + targetUserId + "/mfa", 204)));

    rows.add(self("start two-factor enrolment", "POST", "/api/v1/me/mfa/totp",
        w -> Map.of("current_password", PASSWORD), 201));
    rows.add(self("confirm two-factor enrolment", "POST", "/api/v1/me/mfa/totp/confirm",
        w -> Map.of("code", w.text("code", "123456")), 200)
        .prepared(w -> {
          if (w.token() != null) {
            Authenticator app = start(w.token());
            w.values().put("app", app);
            w.values().put("code", app.nextCode());
          }
        })
        .cleanedUp(AuthorizationMatrixTest::turnOffWithTheApp));
    rows.add(self("turn two-factor sign-in off", "DELETE", "/api/v1/me/mfa/totp",
        w -> Map.of("current_password", PASSWORD, "code", w.text("recovery_code", "123456")), 204)
        .prepared(w -> {
          if (w.token() != null) {
            Enrolled enrolled = enrolWith(w.token());
            w.values().put("app", enrolled.app());
            w.values().put("recovery_code", enrolled.recoveryCodes().get(0));
          }
        })
        .cleanedUp(AuthorizationMatrixTest::turnOffWithTheApp));
    rows.add(self("replace recovery codes", "POST", "/api/v1/me/mfa/recovery-codes",
        w -> Map.of("code", w.text("code", "123456")), 200)
        .prepared(w -> {
          if (w.token() != null) {
            Authenticator app = enrolWith(w.token()).app();
            w.values().put("app", app);
            w.values().put("code", app.nextCode());
          }
        })
        .cleanedUp(AuthorizationMatrixTest::turnOffWithTheApp));
    rows.add(self("change one's profile", "PATCH", "/api/v1/me", w -> Map.of("display_name", "Someone"), 200));
    // the caller's own account would be gone for later cells: each signed-in cell deletes a stand-in of its own
    rows.add(self("delete one's account", "DELETE", "/api/v1/me", w -> Map.of("current_password", PASSWORD), 204)
        .prepared(w -> {
          if (w.token() != null) {
            w.values().put("caller", w.token());
            tokens.put(w.caller(), signUp("leaving-" + sequence.incrementAndGet() + "@example.com"));
          }
        })
        .cleanedUp(w -> {
          if (w.values().containsKey("caller")) {
            tokens.put(w.caller(), (String) w.values().get("caller"));
          }
        }));
    rows.add(self("ask to change one's address", "POST", "/api/v1/me/email",
        w -> Map.of("new_email", "moving" + sequence.incrementAndGet() + "@example.com", "current_password", PASSWORD),
        202));
    rows.add(new Row("confirm an address change", "POST", w -> "/api/v1/confirm-email",
        w -> Map.of("token", w.text("token", "none")), Access.OPEN, 200, w -> {
          int n = sequence.incrementAndGet();
          String mover = signUp("mover-" + n + "@example.com");
          String newAddress = "moved-" + n + "@example.com";
          assertThat(api.post("/api/v1/me/email", Map.of("new_email", newAddress, "current_password", PASSWORD),
              mover).status()).isEqualTo(202);
          w.values().put("token", server.mail().lastTokenSentTo(newAddress));
        }, w -> { }));
    rows.add(self("list one's sessions", "GET", "/api/v1/me/sessions", null, 200));
    rows.add(self("end one of one's sessions", "DELETE", w -> "/api/v1/me/sessions/"
        + w.text("session", UUID.randomUUID().toString()), 204)
        .prepared(w -> {
          if (w.token() != null) {
            String other = login(api.get("/api/v1/me", w.token()).text("email"));
            for (JsonNode session : api.get("/api/v1/me/sessions", other).body().get("items")) {
              if (session.get("current").asBoolean()) {
                w.values().put("session", session.get("id").asText());
              }
            }
          }
        }));
    rows.add(self("list one's external sign-in methods", "GET", "/api/v1/me/identities", null, 200));
    rows.add(new Row("list the external providers", "GET", w -> "/api/v1/oauth/providers", null, Access.OPEN, 200,
        w -> { }, w -> { }));
    rows.add(new Row("start signing in with a provider", "GET", w -> "/api/v1/oauth/acme/authorize", null,
        Access.OPEN, 200, w -> { }, w -> { }));
    rows.add(new Row("finish signing in with a provider", "POST", w -> "/api/v1/oauth/acme/callback",
        w -> Map.of("code", w.text("code", "none"), "state", w.text("state", "none")), Access.OPEN, 200, w -> {
          int n = sequence.incrementAndGet();
          nextPerson("newcomer-" + n, "newcomer" + n + "@example.com");
          w.values().putAll(atProvider());
        }, w -> { }));
    rows.add(self("remove an external sign-in method", "DELETE", w -> "/api/v1/me/identities/"
        + w.text("link", UUID.randomUUID().toString()), 204)
        .prepared(w -> {
          if (w.token() != null) {
            nextPerson("linked-" + sequence.incrementAndGet(), api.get("/api/v1/me", w.token()).text("email"));
            Map<String, String> redirect = atProvider();
            ApiClient.Response linked = api.post("/api/v1/oauth/acme/callback", Map.copyOf(redirect));
            assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
            ApiClient.Response links = api.get("/api/v1/me/identities", w.token());
            assertThat(links.body().get("items")).as("the caller's one link").hasSize(1);
            w.values().put("link", links.body().at("/items/0/id").asText());
          }
        }));
    rows.add(new Row("read the authorization server metadata", "GET",
        w -> "/.well-known/oauth-authorization-server", null, Access.OPEN, 200, w -> { }, w -> { }));
    rows.add(new Row("read the OpenID configuration", "GET", w -> "/.well-known/openid-configuration", null,
        Access.OPEN, 200, w -> { }, w -> { }));
    rows.add(new Row("read the public signing keys", "GET", w -> "/.well-known/jwks.json", null, Access.OPEN, 200,
        w -> { }, w -> { }));
    rows.add(new Row("finish a login with a second factor", "POST", w -> "/api/v1/login/mfa",
        w -> Map.of("mfa_token", w.text("mfa_token", "none"), "recovery_code", w.text("recovery_code", "none")),
        Access.OPEN, 200, w -> {
          ApiClient.Response challenge = api.post("/api/v1/login", Map.of("email", MFA_USER, "password", PASSWORD));
          assertThat(challenge.text("mfa_token")).as(challenge.toString()).isNotNull();
          w.values().put("mfa_token", challenge.text("mfa_token"));
          w.values().put("recovery_code", recoveryCodes.remove(0));
        }, w -> { }));
    return rows;
  }

  private static Row org(String name, String method, Function<World, String> path,
      Function<World, Map<String, ?>> body, int success) {
    return new Row(name, method, path, body, Access.ORG_SCOPE, success, w -> { }, w -> { });
  }

  private static Row admin(String name, String method, Function<World, String> path,
      Function<World, Map<String, ?>> body, int success) {
    return new Row(name, method, path, body, Access.ADMIN, success, w -> { }, w -> { });
  }

  private static Row self(String name, String method, String path, Function<World, Map<String, ?>> body,
      int success) {
    return new Row(name, method, w -> path, body, Access.SELF, success, w -> { }, w -> { });
  }

  private static Row self(String name, String method, Function<World, String> path, int success) {
    return new Row(name, method, path, null, Access.SELF, success, w -> { }, w -> { });
  }

  private static int expected(Row row, Caller caller) {
    if (row.access() == Access.OPEN) {
      return row.success();
    }
    if (caller == Caller.ANONYMOUS) {
      return 401;
    }
    if (row.access() == Access.SELF) {
      return row.success();
    }
    boolean admin = row.access() == Access.ADMIN;
    switch (caller) {
      case OUTSIDER:
        return admin ? 403 : 404;
      case MEMBER_WITHOUT_SCOPE:
        return row.access() == Access.ANY_MEMBER ? row.success() : 403;
      case OWNER:
        if (row.access() == Access.ORG_SCOPE_WITH_SECOND_FACTOR) {
          return 403;
        }
        return admin ? 403 : row.success();
      default:
        return admin ? row.success() : 404;
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
    World world = freshWorld(caller);
    row.prepare().accept(world);
    try {
      String before = snapshot(world);
      ApiClient.Response response = api.send(row.method(), row.path().apply(world),
          row.body() == null ? null : row.body().apply(world), tokens.get(caller));

      int expected = expected(row, caller);
      assertThat(response.status()).as("%s as %s: %s", row.name(), caller, response).isEqualTo(expected);
      if (expected >= 400) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (row.access() == Access.ORG_SCOPE_WITH_SECOND_FACTOR && caller == Caller.OWNER) {
          assertThat(response.text("code")).isEqualTo("mfa_required");
        }
        assertThat(snapshot(world)).as("nothing changed after a denied call").isEqualTo(before);
      }
    } finally {
      row.cleanup().accept(world);
    }
  }

  /** Turns off the two-factor sign-in a row's preparation turned on for the caller, if it is still on. */
  private static void turnOffWithTheApp(World world) {
    Authenticator app = (Authenticator) world.values().get("app");
    if (app == null || !api.get("/api/v1/me", world.token()).body().path("mfa_enabled").asBoolean()) {
      return;
    }
    ApiClient.Response off = api.send("DELETE", "/api/v1/me/mfa/totp",
        Map.of("current_password", PASSWORD, "code", app.nextCode()), world.token());
    assertThat(off.status()).as(off.toString()).isEqualTo(204);
  }

  /** A user whose two-factor sign-in is on, and the token of the session that turned it on. */
  record Enrolled(String token, Authenticator app, List<String> recoveryCodes) {}

  /** Starts an enrolment for the caller of {@code token}; the app holding its secret. */
  private static Authenticator start(String token) {
    ApiClient.Response started = api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), token);
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    return new Authenticator(started.text("secret"));
  }

  /** Starts and confirms an enrolment for the caller of {@code token}. */
  private static Enrolled enrolWith(String token) {
    Authenticator app = start(token);
    ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), token);
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    confirmed.body().get("recovery_codes").forEach(code -> codes.add(code.asText()));
    return new Enrolled(token, app, codes);
  }

  private static void adminCall(String method, String path, int status) {
    ApiClient.Response response = api.send(method, path, null, tokens.get(Caller.PLATFORM_ADMIN));
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
  }

  /**
   * What the owner and the administrator can see of the world, and the target's own account when a row signed the
   * target in, as text to compare.
   */
  private static String snapshot(World world) {
    String owner = tokens.get(Caller.OWNER);
    String admin = tokens.get(Caller.PLATFORM_ADMIN);
    String org = "/api/v1/orgs/" + world.orgId();
    String target = world.text("target", null);
    return String.join("\n",
        api.get(org, owner).raw().body(),
        api.get(org + "/members", owner).raw().body(),
        api.get(org + "/invitations", owner).raw().body(),
        api.get(org + "/roles", owner).raw().body(),
        api.get("/api/v1/admin/users?limit=200", admin).raw().body(),
        api.get("/api/v1/roles", admin).raw().body(),
        target == null ? "" : api.get("/api/v1/me", target).raw().body());
  }

  private static World freshWorld(Caller caller) {
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
    return new World(orgId, pending.text("id"), caller, new HashMap<>());
  }

  private static void join(String orgId, String email, String role, String token) {
    ApiClient.Response invited = api.post("/api/v1/orgs/" + orgId + "/invite", Map.of("email", email, "role", role),
        tokens.get(Caller.OWNER));
    assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
    String invitation = server.mail().lastTokenSentTo(email);
    ApiClient.Response accepted = api.post("/api/v1/invitations/accept", Map.of("token", invitation), token);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
  }

  private static MockOAuth2Server startedProvider() {
    MockOAuth2Server started = new MockOAuth2Server();
    started.start();
    return started;
  }

  @AfterAll
  static void stopProvider() {
    provider.shutdown();
  }

  /** Who signs in at the provider next: {@code email}, which it vouches for. */
  private static void nextPerson(String subject, String email) {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("acme", subject, "JWT", null,
        Map.of("email", email, "email_verified", true), 3600));
  }

  /** Starts a sign-in at {@code acme} and plays the browser: the {@code code} and {@code state} it comes back with. */
  private static Map<String, String> atProvider() {
    ApiClient.Response started = api.get("/api/v1/oauth/acme/authorize", null);
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    try {
      HttpResponse<Void> redirect = BROWSER.send(HttpRequest.newBuilder(
          URI.create(started.text("authorization_url"))).GET().build(), HttpResponse.BodyHandlers.discarding());
      String location = redirect.headers().firstValue("Location").orElseThrow();
      Map<String, String> back = new HashMap<>();
      for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
        back.put(pair.substring(0, pair.indexOf('=')),
            URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
      }
      assertThat(back.get("state")).isEqualTo(started.text("state"));
      return Map.of("code", back.get("code"), "state", back.get("state"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
