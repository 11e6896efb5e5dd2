package dev.keyhold.app;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server the fuzzer attacks and the accounts in it: a signed-in user who owns an organization, and a platform
 * administrator. The fuzzer's requests name them through placeholders ({@link HostileCase#PLACEHOLDER}); when a
 * request that was accepted ended a session, removed the organization or disabled or deleted the user, or wrong
 * passwords locked an account, {@link #repair()} puts a working one back so that later cases still get past
 * authentication. A third account, the bootstrap administrator, is never named to the fuzzer: it makes the
 * administrators the fuzzer uses, and no case can lock or remove it.
 */
final class FuzzWorld implements AutoCloseable {

  private static final String KEEPER_EMAIL = "fuzz-keeper@example.com";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern PLACEHOLDERS =
      Pattern.compile(HostileCase.PLACEHOLDER + "([A-Z_]+)(?::(\\d+))?" + HostileCase.PLACEHOLDER);

  private final RunningServer server;
  private final ApiClient api;
  private int accounts;
  private String userEmail;
  private String userId;
  private String userToken;
  private String userRefresh;
  private String adminEmail;
  private String adminToken;
  private String orgId;

  private FuzzWorld(RunningServer server) {
    this.server = server;
    this.api = server.api();
  }

  /** A fresh server on its own database, with the accounts signed in. */
  static FuzzWorld start() {
    RunningServer server = new RunningServer(Map.ofEntries(
        Map.entry("BOOTSTRAP_ADMIN_EMAIL", KEEPER_EMAIL), Map.entry("BOOTSTRAP_ADMIN_PASSWORD", PASSWORD),
        Map.entry("ARGON2_MEMORY_KIB", "8192"), Map.entry("ARGON2_ITERATIONS", "1"),
        // the fuzzer signs the same accounts in again after it ended their sessions; the limits are tested elsewhere
        Map.entry("RATE_LIMIT_LOGIN_ACCOUNT", "100000/1m"), Map.entry("RATE_LIMIT_MFA_ACCOUNT", "100000/1m")));
    server.beforeAll(null);
    FuzzWorld world = new FuzzWorld(server);
    world.newAdmin();
    world.newUser();
    return world;
  }

  int port() {
    return server.port();
  }

  java.sql.Connection database() throws java.sql.SQLException {
    return server.database();
  }

  /** The request's bytes, with the world's ids and tokens in place of the placeholders. */
  byte[] render(HostileCase c) {
    String body = c.body == null ? null : resolve(c.body);
    StringBuilder head = new StringBuilder();
    head.append(resolve(c.method)).append(' ').append(resolve(c.target())).append(" HTTP/1.1\r\n");
    if (c.headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("Host"))) {
      head.append("Host: 127.0.0.1:").append(port()).append("\r\n");
    }
    for (String[] header : c.headers) {
      head.append(header[0]).append(": ").append(resolve(header[1])).append("\r\n");
    }
    String payload = body == null ? "" : body;
    int length = payload.length();
    switch (c.framing) {
      case "length":
        if (body != null) {
          head.append("Content-Length: ").append(length).append("\r\n");
        }
        break;
      case "duplicate-length":
        head.append("Content-Length: ").append(length).append("\r\nContent-Length: ").append(length + 5).append("\r\n");
        break;
      case "short":
        head.append("Content-Length: ").append(length + 100).append("\r\n");
        break;
      case "chunked-zz":
        head.append("Transfer-Encoding: chunked\r\n");
        payload = "zz\r\n" + payload + "\r\n0\r\n\r\n";
        break;
      case "chunked-huge":
        head.append("Transfer-Encoding: chunked\r\n");
        payload = "FFFFFFFFFFFFFFFFFFFF\r\n" + payload;
        break;
      case "chunked-negative":
        head.append("Transfer-Encoding: chunked\r\n");
        payload = "-5\r\n" + payload + "\r\n0\r\n\r\n";
        break;
      case "chunked-truncated":
        head.append("Transfer-Encoding: chunked\r\n");
        payload = Integer.toHexString(length + 50) + "\r\n" + payload;
        break;
      case "length-and-chunked":
        head.append("Content-Length: ").append(length).append("\r\nTransfer-Encoding: chunked\r\n");
        payload = Integer.toHexString(length) + "\r\n" + payload + "\r\n0\r\n\r\n";
        break;
      default:
        throw new IllegalStateException("no framing " + c.framing);
    }
    head.append("Connection: close\r\n\r\n").append(payload);
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private String resolve(String text) {
    Matcher matcher = PLACEHOLDERS.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      int n = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
      String value;
      switch (matcher.group(1)) {
        case "USER_TOKEN":
          value = userToken;
          break;
        case "ADMIN_TOKEN":
          value = adminToken;
          break;
        case "USER_ID":
          value = userId;
          break;
        case "ORG_ID":
          value = orgId;
          break;
        case "REFRESH_CUT":
          value = userRefresh.substring(0, Math.min(n, userRefresh.length() - 1));
          break;
        case "ACCESS_CUT":
          value = userToken.substring(0, n % userToken.length());
          break;
        case "ACCESS_TAMPER": {
          char[] token = userToken.toCharArray();
          int at = n % token.length;
          token[at] = token[at] == 'A' ? 'B' : token[at] == '.' ? '_' : 'A';
          value = new String(token);
          break;
        }
        default:
          value = matcher.group();
      }
      if (value == null) {
        throw new IllegalStateException("the world has no " + matcher.group(1) + ": " + this);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * After a request was accepted: signs the administrator and the user in again if their sessions ended, enables or
   * replaces the user if it was disabled, locked or deleted, and creates an organization if the user's is gone.
   */
  void repair() {
    if (api.get("/api/v1/me", adminToken).status() != 200) {
      ApiClient.Response login = login(adminEmail);
      if (login.status() == 200 && login.text("access_token") != null) {
        adminToken = login.text("access_token");
      } else {
        newAdmin();
      }
    }
    if (api.get("/api/v1/me", userToken).status() != 200) {
      ApiClient.Response login = login(userEmail);
      if (login.status() != 200 || login.text("access_token") == null) {
        api.send("PATCH", "/api/v1/admin/users/" + userId + "/enable", null, adminToken);
        login = login(userEmail);
      }
      if (login.status() == 200 && login.text("access_token") != null) {
        userToken = login.text("access_token");
        userRefresh = login.text("refresh_token");
      } else {
        newUser();
        return;
      }
    }
    if (api.get("/api/v1/orgs/" + orgId, userToken).status() != 200) {
      newOrganization();
    }
  }

  private void newAdmin() {
    adminEmail = signUp("fuzz-admin-");
    String id = check(api.get("/api/v1/me", check(login(adminEmail), 200).text("access_token")), 200).text("id");
    String keeper = check(login(KEEPER_EMAIL), 200).text("access_token");
    check(api.send("POST", "/api/v1/admin/users/" + id + "/roles/admin", null, keeper), 204);
    adminToken = check(login(adminEmail), 200).text("access_token");
  }

  /** A new verified account with a fresh address starting {@code prefix}; its address. */
  private String signUp(String prefix) {
    String email = prefix + (++accounts) + "@example.com";
    check(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)), 202);
    check(api.post("/api/v1/verify-email", Map.of("token", linkSentTo(email))), 200);
    return email;
  }

  /**
   * The token mailed to {@code email}. Each read delivers one batch of due mail, and the fuzzer queues mail (sign-ups,
   * password resets) faster than one batch a repair: read until the newest message has gone out.
   */
  private String linkSentTo(String email) {
    for (int batch = 1; ; batch++) {
      try {
        return server.mail().lastTokenSentTo(email);
      } catch (AssertionError notYetDelivered) {
        if (batch >= 1_000) {
          throw notYetDelivered;
        }
      }
    }
  }

  private void newUser() {
    userEmail = signUp("fuzz-user-");
    ApiClient.Response login = check(login(userEmail), 200);
    userToken = login.text("access_token");
    userRefresh = login.text("refresh_token");
    userId = check(api.get("/api/v1/me", userToken), 200).text("id");
    newOrganization();
  }

  private void newOrganization() {
    orgId = check(api.post("/api/v1/orgs", Map.of("name", "Fuzzed", "slug", "fuzzed-" + (++accounts)), userToken), 201)
        .text("id");
  }

  private ApiClient.Response login(String email) {
    return api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
  }

  private static ApiClient.Response check(ApiClient.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException("setting the fuzzer's world up: expected " + status + ", got " + response);
    }
    return response;
  }

  @Override
  public String toString() {
    return "FuzzWorld[user=" + userEmail + " " + userId + ", token=" + (userToken != null) + ", refresh="
        + (userRefresh != null) + ", admin=" + (adminToken != null) + ", org=" + orgId + "]";
  }

  @Override
  public void close() {
    server.afterAll(null);
  }
}
