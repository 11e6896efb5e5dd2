package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Password reset and change over real HTTP on PostgreSQL, following the links a user would get by mail. */
class PasswordResetFlowTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String NEW_PASSWORD = "a brand new passphrase 2026";

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of(
      "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1", "RATE_LIMIT_RESET_IP", "100000/1m"));

  private static ApiClient api;

  @BeforeAll
  static void connect() {
    api = server.api();
  }

  @Test
  void a_reset_link_sets_a_new_password_ends_every_session_and_works_once() {
    String refresh = signUp("reset@example.com").text("refresh_token");
    ApiClient.Response requested = api.post("/api/v1/password-reset/request", Map.of("email", "reset@example.com"));
    assertThat(requested.status()).isEqualTo(202);
    String token = server.mail().lastTokenSentTo("reset@example.com");

    ApiClient.Response confirmed = api.post("/api/v1/password-reset/confirm",
        Map.of("token", token, "new_password", NEW_PASSWORD));
    assertThat(confirmed.status()).isEqualTo(204);
    assertThat(confirmed.raw().body()).doesNotContain("access_token");

    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", refresh)).status())
        .as("every session ended").isEqualTo(401);
    assertThat(login("reset@example.com", PASSWORD).text("code")).isEqualTo("invalid_credentials");
    assertThat(login("reset@example.com", NEW_PASSWORD).status()).isEqualTo(200);
    assertThat(server.mail().sentTo("reset@example.com").get(server.mail().sentTo("reset@example.com").size() - 1)
        .subject()).containsIgnoringCase("password");

    ApiClient.Response again = api.post("/api/v1/password-reset/confirm",
        Map.of("token", token, "new_password", "yet another passphrase 99"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.text("code")).isEqualTo("invalid_link_token");
  }

  @Test
  void a_newer_request_supersedes_the_older_link() {
    signUp("twice@example.com");
    api.post("/api/v1/password-reset/request", Map.of("email", "twice@example.com"));
    String first = server.mail().lastTokenSentTo("twice@example.com");
    api.post("/api/v1/password-reset/request", Map.of("email", "twice@example.com"));
    String second = server.mail().lastTokenSentTo("twice@example.com");

    assertThat(api.post("/api/v1/password-reset/confirm", Map.of("token", first, "new_password", NEW_PASSWORD))
        .text("code")).isEqualTo("invalid_link_token");
    assertThat(api.post("/api/v1/password-reset/confirm", Map.of("token", second, "new_password", NEW_PASSWORD))
        .status()).isEqualTo(204);
  }

  @Test
  void unknown_and_known_addresses_get_identical_answers_and_only_the_known_one_gets_mail() {
    signUp("known.reset@example.com");
    int mailBefore = server.mail().sentTo("nobody.reset@example.com").size();
    ApiClient.Response known = api.post("/api/v1/password-reset/request", Map.of("email", "known.reset@example.com"));
    ApiClient.Response unknown = api.post("/api/v1/password-reset/request",
        Map.of("email", "nobody.reset@example.com"));
    assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
    assertThat(unknown.raw().body()).isEqualTo(known.raw().body());
    assertThat(server.mail().sentTo("nobody.reset@example.com")).hasSize(mailBefore);
  }

  @Test
  void links_are_built_from_the_public_url_never_from_the_host_header() throws IOException {
    signUp("host@example.com");
    String body = "{\"email\":\"host@example.com\"}";
    String response = rawPost("/api/v1/password-reset/request", body,
        "Host: evil.example\r\nX-Forwarded-Host: evil.example\r\n");
    assertThat(response).startsWith("HTTP/1.1 202");
    String mail = server.mail().sentTo("host@example.com").get(server.mail().sentTo("host@example.com").size() - 1)
        .textBody();
    assertThat(mail).contains("http://keyhold.test/reset-password?token=").doesNotContain("evil.example");
  }

  @Test
  void changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    ApiClient.Response mine = signUp("change@example.com");
    ApiClient.Response other = login("change@example.com", PASSWORD);

    ApiClient.Response wrong = api.post("/api/v1/me/password",
        Map.of("current_password", "not my password", "new_password", NEW_PASSWORD), mine.text("access_token"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.text("code")).isEqualTo("invalid_credentials");

    ApiClient.Response changed = api.post("/api/v1/me/password",
        Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD), mine.text("access_token"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body().get("revoked_sessions").asInt()).isEqualTo(1);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", other.text("refresh_token"))).status())
        .isEqualTo(401);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", mine.text("refresh_token"))).status())
        .as("the caller's own session goes on").isEqualTo(200);
    assertThat(login("change@example.com", NEW_PASSWORD).status()).isEqualTo(200);
  }

  private static ApiClient.Response signUp(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", server.mail().lastTokenSentTo(email))).status())
        .isEqualTo(200);
    ApiClient.Response login = login(email, PASSWORD);
    assertThat(login.status()).isEqualTo(200);
    return login;
  }

  private static ApiClient.Response login(String email, String password) {
    return api.post("/api/v1/login", Map.of("email", email, "password", password));
  }

  /** A hand-written HTTP/1.1 request, because java.net.http refuses to send a Host header of our choosing. */
  private static String rawPost(String path, String json, String extraHeaders) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\n" + extraHeaders + "Content-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
