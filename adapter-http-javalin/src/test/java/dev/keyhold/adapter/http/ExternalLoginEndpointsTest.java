package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.usecase.CompleteExternalLogin;
import dev.keyhold.identity.usecase.StartExternalLogin;
import dev.keyhold.identity.usecase.UnlinkIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sign-in with external providers over HTTP against the fakes: listing providers, starting a sign-in, the callback
 * (with both answers of a login), and the caller's links. Each route's happy path, each rejection its use case
 * documents, and what the adapter itself refuses before calling it.
 */
class ExternalLoginEndpointsTest extends HttpApiTestSupport {

  private static final String PROVIDERS = "/api/v1/oauth/providers";
  private static final String AUTHORIZE = "/api/v1/oauth/google/authorize";
  private static final String CALLBACK = "/api/v1/oauth/google/callback";
  private static final String IDENTITIES = "/api/v1/me/identities";
  private static final String CALLBACK_BODY =
      "{\"code\": \"4/0AbCD-provider-code\", \"state\": \"" + FakeExternalLogin.STATE + "\"}";

  // ---- GET /oauth/providers

  @Test
  void the_providers_are_listed_by_name_and_display_name_without_a_token() {
    Response response = get(PROVIDERS);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().toString()).isEqualTo("{\"items\":[{\"name\":\"google\",\"display_name\":\"Google\"},"
        + "{\"name\":\"acme\",\"display_name\":\"Acme SSO\"}]}");
  }

  @Test
  void a_server_built_without_external_login_lists_no_provider_and_knows_none() throws Exception {
    HttpApi bare = HttpApi.builder(new HttpApiSettings("127.0.0.1", 0, 65_536)).accounts(accounts).sessions(sessions)
        .twoFactor(twoFactor).organizations(organizations).administration(administration).auditTrail(auditTrail)
        .build().start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + bare.port();
      HttpResponse<String> providers = client.send(HttpRequest.newBuilder(URI.create(base + PROVIDERS)).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> authorize = client.send(HttpRequest.newBuilder(URI.create(base + AUTHORIZE)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(providers.statusCode()).isEqualTo(200);
      assertThat(providers.body()).isEqualTo("{\"items\":[]}");
      assertThat(authorize.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(authorize.body()).get("code").asText()).isEqualTo("not_found");
    } finally {
      bare.stop();
    }
  }

  // ---- GET /oauth/{provider}/authorize

  @Test
  void authorizing_answers_the_providers_url_and_the_state_that_no_cache_may_keep() {
    Response response = get(AUTHORIZE + "?redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth%2Fcallback%3Fx%3D1",
        "User-Agent", "browser/1.0");

    assertThat(response.status()).isEqualTo(200);
    assertNoStore(response);
    JsonNode body = response.json();
    assertThat(fieldNames(body)).containsExactly("authorization_url", "state");
    assertThat(body.get("authorization_url").asText()).isEqualTo(FakeExternalLogin.AUTHORIZATION_URL.toString());
    assertThat(body.get("state").asText()).isEqualTo(FakeExternalLogin.STATE);
    StartExternalLogin.Command command = (StartExternalLogin.Command) externalLogin.lastCommand;
    assertThat(command.provider()).isEqualTo("google");
    assertThat(command.redirectUri()).isEqualTo("https://app.example.com/oauth/callback?x=1");
    assertThat(command.client().userAgent()).isEqualTo("browser/1.0");
    assertThat(command.client().ipAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void without_a_redirect_uri_the_use_case_chooses_the_default() {
    assertThat(get(AUTHORIZE).status()).isEqualTo(200);
    assertThat(get(AUTHORIZE + "?redirect_uri=").status()).as("empty counts as absent").isEqualTo(200);

    assertThat(((StartExternalLogin.Command) externalLogin.lastCommand).redirectUri()).isNull();
  }

  @Test
  void unknown_and_repeated_query_parameters_are_refused_before_the_use_case() {
    Response unknown = get(AUTHORIZE + "?next=%2Fadmin");
    Response repeated = get(AUTHORIZE + "?redirect_uri=a&redirect_uri=b");

    assertValidation(unknown, "next", "unknown_field");
    assertValidation(repeated, "redirect_uri", "repeated");
    assertThat(externalLogin.lastCommand).isNull();
  }

  static Stream<Arguments> authorizeRejections() {
    return Stream.of(
        Arguments.of(new NotFoundException("No such sign-in provider."), 404, "not_found"),
        Arguments.of(ValidationException.of("redirect_uri", "unregistered_redirect_uri", "Not registered."), 400,
            "validation_failed"),
        Arguments.of(new ProviderUnavailableException("google discovery unreachable", null), 502,
            "provider_unavailable"),
        Arguments.of(TooManyRequestsException.rateLimited(Duration.ofSeconds(30),
            new TooManyRequestsException.Limit("login-ip", 20, Duration.ofMinutes(1), 0, Duration.ofSeconds(30))),
            429, "rate_limited"),
        Arguments.of(new StoreUnavailableException("redis down", null), 503, "store_unavailable"));
  }

  @ParameterizedTest
  @MethodSource("authorizeRejections")
  void a_refused_start_is_answered_with_its_code(IdentityException failure, int status, String code) {
    externalLogin.failWith(failure);

    assertProblem(get(AUTHORIZE), status, code);
  }

  @Test
  void an_outage_of_the_provider_names_no_secret() {
    externalLogin.failWith(new ProviderUnavailableException("google token endpoint unreachable",
        new RuntimeException("client_secret=s3cr3t")));

    Response response = postJson(CALLBACK, CALLBACK_BODY);

    assertProblem(response, 502, "provider_unavailable");
    assertThat(response.body()).doesNotContain("s3cr3t").doesNotContain(FakeExternalLogin.STATE)
        .doesNotContain("provider-code");
  }

  // ---- POST /oauth/{provider}/callback

  @Test
  void the_callback_answers_the_token_response_of_a_login() {
    Response response = postJson(CALLBACK, CALLBACK_BODY);

    assertThat(response.status()).isEqualTo(200);
    assertNoStore(response);
    assertThat(fieldNames(response.json())).containsExactly("access_token", "token_type", "expires_in",
        "refresh_token");
    assertThat(response.json().get("token_type").asText()).isEqualTo("Bearer");
    CompleteExternalLogin.Command command = (CompleteExternalLogin.Command) externalLogin.lastCommand;
    assertThat(command.provider()).isEqualTo("google");
    assertThat(command.code()).isEqualTo("4/0AbCD-provider-code");
    assertThat(command.state()).isEqualTo(FakeExternalLogin.STATE);
    assertThat(command.client().ipAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void for_a_user_with_two_factor_sign_in_the_callback_answers_mfa_required_without_tokens() {
    externalLogin.complete = command -> FakeAccounts.mfaRequired();

    Response response = postJson(CALLBACK, CALLBACK_BODY);

    assertThat(response.status()).isEqualTo(200);
    assertNoStore(response);
    assertThat(response.json().toString()).isEqualTo("{\"mfa_required\":true,\"mfa_token\":\"mfa-token-value\","
        + "\"expires_in\":300,\"methods\":[\"totp\",\"recovery_code\"]}");
  }

  static Stream<Arguments> callbackRejections() {
    return Stream.of(
        Arguments.of(ExternalLoginException.invalidState("unknown_state"), 400, "invalid_oauth_state"),
        Arguments.of(ExternalLoginException.failed("bad_nonce"), 401, "oauth_login_failed"),
        Arguments.of(new InvalidCredentialsException(), 401, "invalid_credentials"),
        Arguments.of(new NotFoundException("No such sign-in provider."), 404, "not_found"),
        Arguments.of(new ProviderUnavailableException("google token endpoint unreachable", null), 502,
            "provider_unavailable"));
  }

  @ParameterizedTest
  @MethodSource("callbackRejections")
  void a_refused_callback_is_answered_with_its_code_and_never_its_reason(IdentityException failure, int status,
      String code) {
    externalLogin.failWith(failure);

    Response response = postJson(CALLBACK, CALLBACK_BODY);

    assertProblem(response, status, code);
    assertThat(response.body()).doesNotContain("unknown_state").doesNotContain("bad_nonce");
  }

  static Stream<Arguments> badCallbackBodies() {
    return Stream.of(
        Arguments.of("{\"code\": \"c\"}", "state", "required"),
        Arguments.of("{\"state\": \"s\"}", "code", "required"),
        Arguments.of("{\"code\": 1, \"state\": \"s\"}", "code", "invalid_type"),
        Arguments.of("{\"code\": \"c\", \"state\": \"s\", \"redirect_uri\": \"https://evil.example\"}",
            "redirect_uri", "unknown_field"));
  }

  @ParameterizedTest
  @MethodSource("badCallbackBodies")
  void a_bad_callback_body_is_refused_before_the_use_case(String body, String field, String code) {
    assertValidation(postJson(CALLBACK, body), field, code);
    assertThat(externalLogin.lastCommand).isNull();
  }

  @Test
  void the_callback_body_prints_neither_code_nor_state() {
    String text = new ExternalLoginRoutes.CallbackRequest("the-code", "the-state").toString();

    assertThat(text).doesNotContain("the-code").doesNotContain("the-state");
    assertThat(new ExternalLoginRoutes.AuthorizationResponse("https://idp/?state=the-state", "the-state").toString())
        .doesNotContain("the-state");
  }

  // ---- /me/identities

  @Test
  void the_callers_links_are_listed_without_the_providers_subject_and_no_cache_may_keep_them() {
    Response response = authorized("GET", IDENTITIES, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.json().toString()).isEqualTo("{\"items\":["
        + "{\"id\":\"" + FakeExternalLogin.LINK + "\",\"provider\":\"google\",\"email\":\"ada@example.com\","
        + "\"linked_at\":\"2025-02-03T04:05:06Z\"},"
        + "{\"id\":\"5b1e0000-0000-4000-8000-00000000000b\",\"provider\":\"acme\",\"email\":null,"
        + "\"linked_at\":\"2025-02-03T04:06:06Z\"}]}");
  }

  @Test
  void unlinking_passes_the_caller_and_the_link_and_answers_204() {
    Response response = authorized("DELETE", IDENTITIES + "/" + FakeExternalLogin.LINK.toString().toUpperCase(), null);

    assertThat(response.status()).isEqualTo(204);
    UnlinkIdentity.Command command = (UnlinkIdentity.Command) externalLogin.lastCommand;
    assertThat(command.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.actor().sessionId()).isEqualTo(FakeSessions.SESSION);
    assertThat(command.identityId()).isEqualTo(FakeExternalLogin.LINK);
  }

  @Test
  void unlinking_the_last_way_to_sign_in_is_a_conflict() {
    externalLogin.failWith(new ConflictException(ErrorCode.LAST_SIGN_IN_METHOD, "Your only way to sign in."));

    assertProblem(authorized("DELETE", IDENTITIES + "/" + FakeExternalLogin.LINK, null), 409, "last_sign_in_method");
  }

  @Test
  void a_malformed_link_id_names_nothing() {
    Response response = authorized("DELETE", IDENTITIES + "/not-a-uuid", null);

    assertProblem(response, 404, "not_found");
    assertThat(externalLogin.lastCommand).isNull();
  }

  @Test
  void the_identity_routes_need_a_bearer_token_before_anything_else() {
    for (String[] route : List.of(new String[] {"GET", IDENTITIES},
        new String[] {"DELETE", IDENTITIES + "/" + FakeExternalLogin.LINK},
        new String[] {"DELETE", IDENTITIES + "/garbage"})) {
      Response response = sendJson(route[0], route[1], null);

      assertThat(response.status()).as(route[0] + " " + route[1]).isEqualTo(401);
      assertThat(response.code()).isEqualTo("missing_token");
    }
    assertThat(externalLogin.lastCommand).isNull();
  }

  private static void assertNoStore(Response response) {
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Pragma")).isEqualTo("no-cache");
  }

  private static void assertProblem(Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo(code);
  }

  private static void assertValidation(Response response, String field, String code) {
    assertProblem(response, 400, "validation_failed");
    List<String> errors = new ArrayList<>();
    response.json().path("errors").forEach(e -> errors.add(e.get("field").asText() + ":" + e.get("code").asText()));
    assertThat(errors).containsExactly(field + ":" + code);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
