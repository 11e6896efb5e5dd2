package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input through the whole stack (HTTP adapter and the real core): each gets its 4xx, its code, a problem+json
 * body and a request id, and nothing is stored.
 */
class RejectedInputTest {

  @RegisterExtension
  static final RunningServer server = new RunningServer();
  private static ApiClient api;
  private static CapturingMailer mail;

  @BeforeAll
  static void connect() {
    api = server.api();
    mail = server.mail();
  }

  private static void assertProblem(ApiClient.Response response, int status, String code) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.text("code")).isEqualTo(code);
    assertThat(response.text("request_id")).isEqualTo(response.header("X-Request-Id")).isNotBlank();
    assertThat(response.raw().body()).doesNotContain("Exception", "\tat ");
  }

  private static String fieldCode(ApiClient.Response response) {
    return response.body().get("errors").get(0).get("code").asText();
  }

  @Test
  void an_invalid_email_is_a_validation_failure_of_the_email_field() {
    ApiClient.Response response = api.post("/api/v1/register",
        Map.of("email", "not an email", "password", "correct horse battery staple"));
    assertProblem(response, 400, "validation_failed");
    assertThat(response.body().get("errors").get(0).get("field").asText()).isEqualTo("email");
    assertThat(fieldCode(response)).isEqualTo("invalid_email");
    assertThat(mail.sentTo("not an email")).isEmpty();
  }

  @Test
  void an_over_long_password_is_refused_at_registration_and_at_login() {
    String longPassword = "a-very-long-passphrase ".repeat(12);
    ApiClient.Response register = api.post("/api/v1/register",
        Map.of("email", "long@example.com", "password", longPassword));
    assertProblem(register, 400, "validation_failed");
    assertThat(fieldCode(register)).isEqualTo("password_too_long");
    assertThat(mail.sentTo("long@example.com")).as("nothing registered").isEmpty();

    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", "long@example.com", "password", longPassword));
    assertProblem(login, 400, "validation_failed");
    assertThat(fieldCode(login)).isEqualTo("password_too_long");
  }

  @Test
  void a_common_password_is_refused() {
    ApiClient.Response response = api.post("/api/v1/register",
        Map.of("email", "common@example.com", "password", "password123"));
    assertProblem(response, 400, "validation_failed");
    assertThat(fieldCode(response)).isEqualTo("password_too_common");
  }

  @Test
  void malformed_json_and_wrong_types_are_client_errors() {
    assertProblem(api.postJson("/api/v1/login", "{\"email\": ", null), 400, "malformed_json");
    ApiClient.Response wrongType = api.postJson("/api/v1/login", "{\"email\": 5, \"password\": \"x\"}", null);
    assertProblem(wrongType, 400, "validation_failed");
    assertThat(fieldCode(wrongType)).isEqualTo("invalid_type");
  }

  @Test
  void a_body_over_64_kib_is_refused() {
    String huge = "{\"email\":\"a@example.com\",\"password\":\"" + "x".repeat(70_000) + "\"}";
    assertProblem(api.postJson("/api/v1/login", huge, null), 413, "payload_too_large");
  }

  @Test
  void a_missing_or_malformed_authorization_header_is_refused() {
    assertProblem(api.get("/api/v1/me", null), 401, "missing_token");
    assertProblem(api.get("/api/v1/me", "not.a.jwt"), 401, "invalid_token");
  }

  /** RFC 6750 section 3.1: another scheme is no authentication for this API, answered with a bare challenge. */
  @Test
  void basic_credentials_are_401_with_a_bearer_challenge_and_no_error_code() {
    ApiClient.Response basic = api.get("/api/v1/me", null, Map.of("Authorization", "Basic YWRhOnNlY3JldA=="));

    assertProblem(basic, 401, "missing_token");
    assertThat(basic.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keyhold\"");
  }

  @Test
  void an_unsigned_token_is_refused() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"iss\":\"http://localhost:8080\",\"aud\":\"keyhold\",\"sub\":\"x\","
        + "\"exp\":4102444800,\"iat\":1700000000,\"jti\":\"j\",\"sid\":\"s\"}").getBytes(StandardCharsets.UTF_8));
    assertProblem(api.get("/api/v1/me", header + "." + payload + "."), 401, "invalid_token");
  }

  @Test
  void a_garbage_verification_token_is_refused() {
    assertProblem(api.post("/api/v1/verify-email", Map.of("token", "nope")), 400, "invalid_link_token");
  }

  @Test
  void a_password_with_a_lone_surrogate_is_refused_and_nothing_is_stored() {
    String email = "surrogate@example.com";
    ApiClient.Response escaped = api.postJson("/api/v1/register",
        "{\"email\":\"" + email + "\",\"password\":\"\\ud800correct horse battery\"}", null);

    assertProblem(escaped, 400, "validation_failed");
    assertThat(fieldCode(escaped)).isEqualTo("invalid_text");
    assertThat(mail.sentTo(email)).as("no account, no link").isEmpty();
    // before the fix the stored hash was of "?correct horse battery", which then signed in
    assertProblem(api.post("/api/v1/login", Map.of("email", email, "password", "?correct horse battery")), 401,
        "invalid_credentials");
  }

  @Test
  void a_body_that_is_not_utf_8_is_refused_and_nothing_is_stored() throws Exception {
    String email = "cesu@example.com";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("{\"email\":\"" + email + "\",\"display_name\":\"A").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // a surrogate encoded as UTF-8
    body.writeBytes("\",\"password\":\"correct horse battery\"}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/register"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"malformed_json\"");
    assertThat(mail.sentTo(email)).isEmpty();
  }

  @Test
  void an_address_with_an_invisible_character_creates_no_look_alike_account() {
    String owner = "lookalike@example.com";
    assertThat(api.post("/api/v1/register", Map.of("email", owner, "password", "correct horse battery")).status())
        .isEqualTo(202);

    for (String lookAlike : new String[] {"look\u200Balike@example.com", "look\u00ADalike@example.com",
        "lookalike@ex\u0430mple.com"}) {
      ApiClient.Response response = api.post("/api/v1/register",
          Map.of("email", lookAlike, "password", "correct horse battery"));
      assertProblem(response, 400, "validation_failed");
      assertThat(fieldCode(response)).isEqualTo("invalid_email");
      assertThat(mail.sentTo(lookAlike)).isEmpty();
    }
    assertThat(mail.sentTo(owner)).as("only the owner's verification link").hasSize(1);
  }

  @Test
  void the_sign_up_notice_for_an_address_that_folds_into_an_account_goes_to_the_stored_address() {
    String stored = "folded@example.com";
    String typed = "\uff46olded@example.com"; // a full-width f: NFKC folds it into the stored address
    api.post("/api/v1/register", Map.of("email", stored, "password", "correct horse battery"));

    assertThat(api.post("/api/v1/register", Map.of("email", typed, "password", "another long passphrase")).status())
        .isEqualTo(202);

    assertThat(mail.sentTo(typed)).isEmpty();
    assertThat(mail.sentTo(stored)).hasSize(2);
    assertThat(mail.sentTo(stored).get(1).subject()).contains("Sign-up attempt");
  }
}
