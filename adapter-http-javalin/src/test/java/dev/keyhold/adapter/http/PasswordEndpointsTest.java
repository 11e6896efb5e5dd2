package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.ResetPassword;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Password reset by email and password change by a signed-in user. */
class PasswordEndpointsTest extends HttpApiTestSupport {

  private static final String REQUEST = "/api/v1/password-reset/request";
  private static final String CONFIRM = "/api/v1/password-reset/confirm";
  private static final String CHANGE = "/api/v1/me/password";
  private static final String RESET_MESSAGE =
      "If the address has an account, we have sent a link to reset its password.";
  private static final String CONFIRM_BODY = "{\"token\": \"link-token\", \"new_password\": \"a new passphrase\"}";
  private static final String CHANGE_BODY =
      "{\"current_password\": \"correct horse\", \"new_password\": \"a new passphrase\"}";
  private static final TooManyRequestsException.Limit RESET_ACCOUNT = new TooManyRequestsException.Limit(
      "reset-account", 3, Duration.ofHours(1), 0, Duration.ofMillis(1_799_500));

  /** Sends the route's well-formed body, with the access token where the route needs one. */
  private Response call(String path, String body) {
    return path.equals(CHANGE) ? authorized("POST", path, body) : postJson(path, body);
  }

  private static String validBody(String path) {
    switch (path) {
      case REQUEST:
        return "{\"email\": \"ada@example.com\"}";
      case CONFIRM:
        return CONFIRM_BODY;
      default:
        return CHANGE_BODY;
    }
  }

  @Test
  void a_reset_request_is_202_with_the_message_and_passes_the_email_and_client() {
    Response response = postJson(REQUEST, "{\"email\": \"ada@example.com\"}", "User-Agent", "reset-test/1.0");

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("message", RESET_MESSAGE));
    assertThat(accounts.lastCommand).isEqualTo(new ResetPassword.Request("ada@example.com",
        new ClientInfo("127.0.0.1", "reset-test/1.0", response.header("X-Request-Id"))));
  }

  @Test
  void a_reset_request_answers_the_same_whatever_the_use_case_did() {
    List<String> mailed = new CopyOnWriteArrayList<>();
    accounts.requestPasswordReset = request -> {
      if (request.email().equals("ada@example.com")) {
        mailed.add(request.email());
      }
      return null;
    };

    Response known = postJson(REQUEST, "{\"email\": \"ada@example.com\"}");
    Response unknown = postJson(REQUEST, "{\"email\": \"nobody-at-all@example.org\"}");

    assertThat(mailed).containsExactly("ada@example.com");
    assertThat(known.status()).isEqualTo(202);
    assertThat(unknown.status()).isEqualTo(known.status());
    assertThat(unknown.body()).isEqualTo(known.body());
    assertThat(comparableHeaders(unknown)).isEqualTo(comparableHeaders(known));
    assertThat(unknown.body()).doesNotContain("nobody-at-all", "example.org");
  }

  @Test
  void a_reset_confirmation_is_204_without_a_body_or_tokens_and_passes_token_password_and_client() {
    Response response = postJson(CONFIRM, CONFIRM_BODY, "User-Agent", "reset-test/1.0");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(response.headers().firstValue("Authorization")).isEmpty();
    assertThat(accounts.lastCommand).isEqualTo(new ResetPassword.Confirmation("link-token", "a new passphrase",
        new ClientInfo("127.0.0.1", "reset-test/1.0", response.header("X-Request-Id"))));
    assertThat(sessions.lastCommand).as("no session is started or touched").isNull();
  }

  @Test
  void a_password_change_answers_the_number_of_other_sessions_ended() {
    accounts.changePassword = command -> 4;

    Response response = authorized("POST", CHANGE, CHANGE_BODY, "User-Agent", "change-test/1.0");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json()).isEqualTo(JSON.createObjectNode().put("revoked_sessions", 4));
    ClientInfo client = new ClientInfo("127.0.0.1", "change-test/1.0", response.header("X-Request-Id"));
    assertThat(accounts.lastCommand).isEqualTo(new ChangePassword.Command(
        new Actor(FakeAccounts.USER, FakeSessions.SESSION, client), "correct horse", "a new passphrase"));
  }

  @Test
  void a_password_change_that_ends_no_other_session_answers_zero() {
    accounts.changePassword = command -> 0;

    Response response = authorized("POST", CHANGE, CHANGE_BODY);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("revoked_sessions").isInt()).isTrue();
    assertThat(response.json().get("revoked_sessions").asInt()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {CHANGE_BODY, "{}", "{\"email\": 5}", "[1, 2"})
  void a_password_change_without_a_bearer_is_401_missing_token_whatever_the_body(String body) {
    Response response = postJson(CHANGE, body);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("missing_token");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keyhold\"");
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void a_password_change_with_a_rejected_access_token_is_401_invalid_token() {
    Response response = postJson(CHANGE, CHANGE_BODY, "Authorization", "Bearer not.a.valid-token");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.code()).isEqualTo("invalid_token");
    assertThat(accounts.lastCommand).isNull();
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of(REQUEST, "{}", List.of(tuple("email", "required"))),
        Arguments.of(REQUEST, "{\"email\": null}", List.of(tuple("email", "required"))),
        Arguments.of(REQUEST, "{\"email\": 5}", List.of(tuple("email", "invalid_type"))),
        Arguments.of(REQUEST, "{\"email\": [\"ada@example.com\"]}", List.of(tuple("email", "invalid_type"))),
        Arguments.of(REQUEST, "{\"email\": \"ada@example.com\", \"reset_url\": \"https://evil.example/r\"}",
            List.of(tuple("reset_url", "unknown_field"))),
        Arguments.of(CONFIRM, "{}", List.of(tuple("token", "required"), tuple("new_password", "required"))),
        Arguments.of(CONFIRM, "{\"token\": \"link-token\"}", List.of(tuple("new_password", "required"))),
        Arguments.of(CONFIRM, "{\"token\": 7, \"new_password\": true}",
            List.of(tuple("token", "invalid_type"), tuple("new_password", "invalid_type"))),
        Arguments.of(CONFIRM, "{\"token\": \"link-token\", \"password\": \"a new passphrase\"}",
            List.of(tuple("password", "unknown_field"), tuple("new_password", "required"))),
        Arguments.of(CONFIRM, "{\"token\": \"t\", \"new_password\": \"p\", \"email\": \"ada@example.com\"}",
            List.of(tuple("email", "unknown_field"))),
        Arguments.of(CHANGE, "{}",
            List.of(tuple("current_password", "required"), tuple("new_password", "required"))),
        Arguments.of(CHANGE, "{\"new_password\": \"a new passphrase\"}",
            List.of(tuple("current_password", "required"))),
        Arguments.of(CHANGE, "{\"current_password\": 1234, \"new_password\": {\"value\": \"x\"}}",
            List.of(tuple("current_password", "invalid_type"), tuple("new_password", "invalid_type"))),
        Arguments.of(CHANGE, "{\"current_password\": \"a\", \"new_password\": \"b\", \"revoke_others\": false}",
            List.of(tuple("revoke_others", "unknown_field"))));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("invalidBodies")
  void every_field_error_of_a_body_is_reported_and_the_use_case_is_not_called(
      String path, String body, List<Tuple> errors) {
    Response response = call(path, body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText())
        .containsExactlyInAnyOrderElementsOf(errors);
    assertThat(accounts.lastCommand).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {REQUEST, CONFIRM, CHANGE})
  void a_body_that_is_not_a_json_object_is_400_malformed_json(String path) {
    Response response = call(path, "[\"ada@example.com\"]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("malformed_json");
    assertThat(accounts.lastCommand).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {REQUEST, CONFIRM, CHANGE})
  void a_body_that_is_not_json_is_415(String path) {
    Response response = post(path, "application/x-www-form-urlencoded", "email=ada%40example.com",
        "Authorization", BEARER);

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.code()).isEqualTo("unsupported_media_type");
    assertThat(accounts.lastCommand).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {REQUEST, CONFIRM, CHANGE})
  void another_method_is_405_allowing_post_only(String path) {
    Response response = get(path, "Authorization", BEARER);

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.code()).isEqualTo("method_not_allowed");
    assertThat(response.header("Allow")).isEqualTo("POST");
  }

  @Test
  void an_invalid_reset_link_is_400_invalid_link_token() {
    accounts.failWith(new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "expired"));

    Response response = postJson(CONFIRM, CONFIRM_BODY);

    assertProblem(response, 400, "invalid_link_token");
    assertThat(response.json().get("detail").asText()).isEqualTo("The link is invalid, expired or already used.");
    assertThat(response.body()).doesNotContain("expired\"", "link-token");
  }

  @Test
  void a_wrong_current_password_is_401_invalid_credentials() {
    accounts.failWith(new InvalidCredentialsException());

    Response response = authorized("POST", CHANGE, CHANGE_BODY);

    assertProblem(response, 401, "invalid_credentials");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=\"keyhold\"");
  }

  static Stream<Arguments> refusedPasswords() {
    return Stream.of(Arguments.of(CONFIRM), Arguments.of(CHANGE));
  }

  @ParameterizedTest
  @MethodSource("refusedPasswords")
  void a_new_password_refused_by_the_policy_is_400_with_the_core_field_error(String path) {
    accounts.failWith(ValidationException.of("new_password", "password_too_short", "Use at least 12 characters."));

    Response response = call(path, validBody(path));

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().get("errors"))
        .extracting(e -> e.get("field").asText(), e -> e.get("code").asText(), e -> e.get("message").asText())
        .containsExactly(tuple("new_password", "password_too_short", "Use at least 12 characters."));
  }

  @Test
  void a_malformed_email_in_a_reset_request_is_400_validation_failed() {
    accounts.failWith(ValidationException.of("email", "invalid_email", "Enter a valid email address."));

    Response response = postJson(REQUEST, "{\"email\": \"not-an-address\"}");

    assertProblem(response, 400, "validation_failed");
    assertThat(response.json().at("/errors/0/code").asText()).isEqualTo("invalid_email");
  }

  static Stream<Arguments> rateLimits() {
    return Stream.of(Arguments.of(REQUEST), Arguments.of(CONFIRM), Arguments.of(CHANGE));
  }

  @ParameterizedTest
  @MethodSource("rateLimits")
  void a_rate_limit_is_429_rate_limited_with_retry_after_and_ratelimit_fields(String path) {
    accounts.failWith(TooManyRequestsException.rateLimited(Duration.ofMillis(1_799_500), RESET_ACCOUNT));

    Response response = call(path, validBody(path));

    assertProblem(response, 429, "rate_limited");
    assertThat(response.header("Retry-After")).isEqualTo("1800");
    assertThat(response.header("RateLimit-Policy")).isEqualTo("\"reset-account\";q=3;w=3600");
    assertThat(response.header("RateLimit")).isEqualTo("\"reset-account\";r=0;t=1800");
  }

  @Test
  void a_lockout_after_wrong_current_passwords_is_429_too_many_attempts_without_ratelimit_fields() {
    accounts.failWith(TooManyRequestsException.locked(Duration.ofMinutes(15)));

    Response response = authorized("POST", CHANGE, CHANGE_BODY);

    assertProblem(response, 429, "too_many_attempts");
    assertThat(response.header("Retry-After")).isEqualTo("900");
    assertThat(response.headers().firstValue("RateLimit")).isEmpty();
    assertThat(response.headers().firstValue("RateLimit-Policy")).isEmpty();
  }

  @Test
  void a_rate_limited_reset_request_answers_the_same_for_a_known_and_an_unknown_address() {
    accounts.failWith(TooManyRequestsException.rateLimited(Duration.ofSeconds(30), RESET_ACCOUNT));

    Response known = postJson(REQUEST, "{\"email\": \"ada@example.com\"}");
    Response unknown = postJson(REQUEST, "{\"email\": \"nobody-at-all@example.org\"}");

    assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(429);
    assertThat(comparableHeaders(unknown)).isEqualTo(comparableHeaders(known));
    assertThat(unknown.body().replace(unknown.header("X-Request-Id"), ""))
        .isEqualTo(known.body().replace(known.header("X-Request-Id"), ""));
  }

  private static void assertProblem(Response response, int status, String code) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo(code);
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).isEqualTo("https://keyhold.dev/problems/" + code);
    assertThat(response.json().get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
  }

  /** The response headers that must not differ between two answers: all but the date and the request id. */
  private static Map<String, List<String>> comparableHeaders(Response response) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(response.headers().map());
    headers.remove("Date");
    headers.remove("X-Request-Id");
    return headers;
  }
}
