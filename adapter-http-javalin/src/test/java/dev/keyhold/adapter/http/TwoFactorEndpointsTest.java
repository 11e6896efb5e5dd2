package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.MfaRequiredException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.user.Passwords;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.Organizations;
import dev.keyhold.identity.usecase.ReplaceRecoveryCodes;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
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
 * Two-factor sign-in over HTTP against the fakes: enrolment, confirmation, turning it off and replacing recovery
 * codes under {@code /me/mfa}; the second step of a login at {@code /login}, {@code /login/mfa} and {@code /token};
 * {@code mfa_enabled}, {@code require_mfa} and the administrator's reset. Each route's happy path, each rejection its
 * use case documents, and the bodies the adapter itself refuses before calling it.
 */
class TwoFactorEndpointsTest extends HttpApiTestSupport {

  private static final String TOTP = "/api/v1/me/mfa/totp";
  private static final String CONFIRM = "/api/v1/me/mfa/totp/confirm";
  private static final String RECOVERY_CODES = "/api/v1/me/mfa/recovery-codes";
  private static final String LOGIN_MFA = "/api/v1/login/mfa";
  private static final String ORG = "/api/v1/orgs/" + FakeOrganizations.ORG;
  private static final String RESET = "/api/v1/admin/users/" + FakeAdministration.TARGET + "/mfa";
  private static final String FORM = "application/x-www-form-urlencoded";

  // ---- POST /me/mfa/totp

  @Test
  void starting_an_enrolment_answers_201_with_the_secret_uri_and_qr_code_that_no_cache_may_keep() {
    Response response = authorized("POST", TOTP, "{\"current_password\": \"correct horse\"}");

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.contentType()).startsWith("application/json");
    assertNoStore(response);
    JsonNode body = response.json();
    assertThat(fieldNames(body)).containsExactly("secret", "otpauth_uri", "qr_svg");
    assertThat(body.get("secret").asText()).isEqualTo(FakeTwoFactor.SECRET);
    assertThat(body.get("otpauth_uri").asText()).isEqualTo(FakeTwoFactor.OTPAUTH_URI);
    assertThat(body.get("qr_svg").asText()).isEqualTo(FakeTwoFactor.QR_SVG);
    StartTotpEnrolment.Command command = (StartTotpEnrolment.Command) twoFactor.lastCommand;
    assertThat(command.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.actor().sessionId()).isEqualTo(FakeSessions.SESSION);
    assertThat(command.currentPassword()).isEqualTo("correct horse");
  }

  @Test
  void every_two_factor_route_of_ones_own_needs_a_bearer_token_before_anything_else() {
    for (String[] route : List.of(new String[] {"POST", TOTP}, new String[] {"POST", CONFIRM},
        new String[] {"DELETE", TOTP}, new String[] {"POST", RECOVERY_CODES})) {
      Response response = sendJson(route[0], route[1], "{\"nonsense\": 1}");

      assertThat(response.status()).as(route[0] + " " + route[1]).isEqualTo(401);
      assertThat(response.code()).isEqualTo("missing_token");
    }
    assertThat(twoFactor.lastCommand).isNull();
  }

  static Stream<Arguments> startRejections() {
    return Stream.of(
        Arguments.of(new InvalidCredentialsException(), 401, "invalid_credentials"),
        Arguments.of(new ConflictException(ErrorCode.MFA_ALREADY_ENABLED, "On already."), 409, "mfa_already_enabled"),
        Arguments.of(TooManyRequestsException.locked(Duration.ofMinutes(15)), 429, "too_many_attempts"));
  }

  @ParameterizedTest
  @MethodSource("startRejections")
  void a_refused_start_is_answered_with_its_code(IdentityException failure, int status, String code) {
    twoFactor.failWith(failure);

    Response response = authorized("POST", TOTP, "{\"current_password\": \"pw\"}");

    assertProblem(response, status, code);
  }

  static Stream<Arguments> badStartBodies() {
    return Stream.of(
        Arguments.of("{}", "current_password", "required"),
        Arguments.of("{\"current_password\": 42}", "current_password", "invalid_type"),
        Arguments.of("{\"current_password\": \"pw\", \"code\": \"123456\"}", "code", "unknown_field"),
        Arguments.of("{\"current_password\": \"" + "p".repeat(Passwords.MAX_LENGTH + 1) + "\"}", "current_password",
            "password_too_long"));
  }

  @ParameterizedTest
  @MethodSource("badStartBodies")
  void a_bad_start_body_is_refused_before_the_use_case(String body, String field, String code) {
    Response response = authorized("POST", TOTP, body);

    assertValidation(response, field, code);
    assertThat(twoFactor.lastCommand).isNull();
  }

  @Test
  void the_longest_password_is_passed_on() {
    String longest = "p".repeat(Passwords.MAX_LENGTH);

    assertThat(authorized("POST", TOTP, "{\"current_password\": \"" + longest + "\"}").status()).isEqualTo(201);
    assertThat(((StartTotpEnrolment.Command) twoFactor.lastCommand).currentPassword()).isEqualTo(longest);
  }

  // ---- POST /me/mfa/totp/confirm

  @Test
  void confirming_answers_the_recovery_codes_that_no_cache_may_keep() {
    Response response = authorized("POST", CONFIRM, "{\"code\": \"123456\"}");

    assertThat(response.status()).isEqualTo(200);
    assertNoStore(response);
    assertThat(fieldNames(response.json())).containsExactly("recovery_codes");
    assertThat(texts(response.json().get("recovery_codes"))).isEqualTo(FakeTwoFactor.codeList());
    ConfirmTotpEnrolment.Command command = (ConfirmTotpEnrolment.Command) twoFactor.lastCommand;
    assertThat(command.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.code()).isEqualTo("123456");
  }

  static Stream<Arguments> codeRejections() {
    return Stream.of(
        Arguments.of(InvalidCredentialsException.mfaCode(), 401, "invalid_mfa_code"),
        Arguments.of(new ConflictException(ErrorCode.MFA_NOT_ENABLED, "Nothing to confirm."), 409, "mfa_not_enabled"),
        Arguments.of(new ConflictException(ErrorCode.MFA_ALREADY_ENABLED, "On already."), 409, "mfa_already_enabled"),
        Arguments.of(TooManyRequestsException.locked(Duration.ofMinutes(15)), 429, "too_many_attempts"));
  }

  @ParameterizedTest
  @MethodSource("codeRejections")
  void a_refused_confirmation_is_answered_with_its_code(IdentityException failure, int status, String code) {
    twoFactor.failWith(failure);

    assertProblem(authorized("POST", CONFIRM, "{\"code\": \"123456\"}"), status, code);
  }

  static Stream<Arguments> badCodeBodies() {
    return Stream.of(
        Arguments.of("{}", "code", "required"),
        Arguments.of("{\"code\": null}", "code", "required"),
        Arguments.of("{\"code\": 123456}", "code", "invalid_type"),
        Arguments.of("{\"code\": \"\"}", "code", "invalid_code"),
        Arguments.of("{\"code\": \"123456\", \"secret\": \"x\"}", "secret", "unknown_field"),
        Arguments.of("{\"code\": \"" + "1".repeat(MfaChallenge.MAX_CODE_LENGTH + 1) + "\"}", "code", "too_long"));
  }

  @ParameterizedTest
  @MethodSource("badCodeBodies")
  void a_bad_confirmation_body_is_refused_before_the_use_case(String body, String field, String code) {
    assertValidation(authorized("POST", CONFIRM, body), field, code);
    assertThat(twoFactor.lastCommand).isNull();
  }

  @Test
  void code_lengths_count_characters_as_json_schema_does_not_utf_16_units() {
    String astral = "\uD83D\uDD11".repeat(MfaChallenge.MAX_CODE_LENGTH);

    assertThat(authorized("POST", CONFIRM, "{\"code\": \"" + astral + "\"}").status()).isEqualTo(200);
    assertValidation(authorized("POST", CONFIRM, "{\"code\": \"" + astral + "x\"}"), "code", "too_long");
  }

  // ---- DELETE /me/mfa/totp

  @Test
  void turning_it_off_answers_204_and_passes_a_totp_or_recovery_code_as_given() {
    Response response = authorized("DELETE", TOTP,
        "{\"current_password\": \"correct horse\", \"code\": \" ABCDE-fghij-klmno-pqrst-uvwxy \"}");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    DisableTotp.Command command = (DisableTotp.Command) twoFactor.lastCommand;
    assertThat(command.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.currentPassword()).isEqualTo("correct horse");
    assertThat(command.code()).isEqualTo(" ABCDE-fghij-klmno-pqrst-uvwxy ");
  }

  static Stream<Arguments> disableRejections() {
    return Stream.of(
        Arguments.of(new InvalidCredentialsException(), 401, "invalid_credentials"),
        Arguments.of(InvalidCredentialsException.mfaCode(), 401, "invalid_mfa_code"),
        Arguments.of(new ConflictException(ErrorCode.MFA_NOT_ENABLED, "Off already."), 409, "mfa_not_enabled"));
  }

  @ParameterizedTest
  @MethodSource("disableRejections")
  void a_refused_disabling_is_answered_with_its_code(IdentityException failure, int status, String code) {
    twoFactor.failWith(failure);

    assertProblem(authorized("DELETE", TOTP, "{\"current_password\": \"pw\", \"code\": \"123456\"}"), status, code);
  }

  @Test
  void a_bad_disabling_body_reports_every_field_at_once() {
    Response missing = authorized("DELETE", TOTP, "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(errors(missing)).containsExactlyInAnyOrder("current_password:required", "code:required");
    assertValidation(authorized("DELETE", TOTP, "{\"current_password\": \"pw\", \"code\": \"\"}"), "code",
        "invalid_code");

    Response tooLong = authorized("DELETE", TOTP, "{\"current_password\": \""
        + "p".repeat(Passwords.MAX_LENGTH + 1) + "\", \"code\": \"" + "c".repeat(MfaChallenge.MAX_CODE_LENGTH + 1)
        + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(errors(tooLong)).containsExactly("current_password:password_too_long", "code:too_long");
    assertThat(twoFactor.lastCommand).isNull();
  }

  @Test
  void turning_it_off_without_a_body_is_unsupported_media_type() {
    Response response = authorized("DELETE", TOTP, null);

    assertThat(response.status()).isEqualTo(415);
    assertThat(twoFactor.lastCommand).isNull();
  }

  // ---- POST /me/mfa/recovery-codes

  @Test
  void replacing_the_recovery_codes_answers_the_new_set_that_no_cache_may_keep() {
    Response response = authorized("POST", RECOVERY_CODES, "{\"code\": \"654321\"}");

    assertThat(response.status()).isEqualTo(200);
    assertNoStore(response);
    assertThat(texts(response.json().get("recovery_codes"))).isEqualTo(FakeTwoFactor.codeList());
    ReplaceRecoveryCodes.Command command = (ReplaceRecoveryCodes.Command) twoFactor.lastCommand;
    assertThat(command.actor().userId()).isEqualTo(FakeAccounts.USER);
    assertThat(command.code()).isEqualTo("654321");
  }

  @ParameterizedTest
  @MethodSource("codeRejections")
  void a_refused_replacement_is_answered_with_its_code(IdentityException failure, int status, String code) {
    twoFactor.failWith(failure);

    assertProblem(authorized("POST", RECOVERY_CODES, "{\"code\": \"123456\"}"), status, code);
  }

  @ParameterizedTest
  @MethodSource("badCodeBodies")
  void a_bad_replacement_body_is_refused_before_the_use_case(String body, String field, String code) {
    assertValidation(authorized("POST", RECOVERY_CODES, body), field, code);
    assertThat(twoFactor.lastCommand).isNull();
  }

  // ---- GET /me

  @Test
  void the_profile_says_whether_two_factor_sign_in_is_on() {
    assertThat(authorized("GET", "/api/v1/me", null).json().get("mfa_enabled").asBoolean()).isFalse();

    accounts.profile = user -> new GetProfile.Profile(user, "ada@example.com", "Ada", true, UserStatus.ACTIVE,
        FakeAccounts.CREATED_AT, true);
    JsonNode profile = authorized("GET", "/api/v1/me", null).json();

    assertThat(profile.get("mfa_enabled").isBoolean()).isTrue();
    assertThat(profile.get("mfa_enabled").asBoolean()).isTrue();
  }

  // ---- POST /login

  @Test
  void a_login_that_needs_a_second_factor_answers_the_challenge_and_no_tokens() {
    accounts.login = command -> FakeAccounts.mfaRequired();

    Response response = postJson("/api/v1/login", "{\"email\": \"ada@example.com\", \"password\": \"pw\"}");

    assertThat(response.status()).isEqualTo(200);
    assertNoStore(response);
    JsonNode body = response.json();
    assertThat(fieldNames(body)).containsExactly("mfa_required", "mfa_token", "expires_in", "methods");
    assertThat(body.get("mfa_required").asBoolean()).isTrue();
    assertThat(body.get("mfa_token").asText()).isEqualTo("mfa-token-value");
    assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
    assertThat(body.get("expires_in").asLong()).isEqualTo(300);
    assertThat(texts(body.get("methods"))).containsExactly("totp", "recovery_code");
  }

  // ---- POST /login/mfa

  @Test
  void a_totp_code_finishes_the_login_with_a_token_response() {
    Response response = postJson(LOGIN_MFA, "{\"mfa_token\": \"the-token\", \"code\": \"123456\"}");

    assertThat(response.status()).isEqualTo(200);
    assertNoStore(response);
    assertThat(response.json().get("access_token").asText()).isEqualTo("header.payload.signature");
    assertThat(response.json().get("refresh_token").asText()).isEqualTo("refresh-token-value");
    assertThat(response.json().get("token_type").asText()).isEqualTo("Bearer");
    CompleteMfaLogin.Command command = (CompleteMfaLogin.Command) accounts.lastCommand;
    assertThat(command.mfaToken()).isEqualTo("the-token");
    assertThat(command.method()).isEqualTo(MfaChallenge.TOTP);
    assertThat(command.code()).isEqualTo("123456");
    assertThat(command.client().requestId()).isEqualTo(response.header(RequestScope.REQUEST_ID_HEADER));
  }

  @Test
  void a_recovery_code_finishes_the_login_and_is_passed_on_as_given() {
    Response response = postJson(LOGIN_MFA,
        "{\"mfa_token\": \"the-token\", \"code\": null, \"recovery_code\": \"Abcde fghij-klmno-pqrst-uvwxy\"}");

    assertThat(response.status()).isEqualTo(200);
    CompleteMfaLogin.Command command = (CompleteMfaLogin.Command) accounts.lastCommand;
    assertThat(command.method()).isEqualTo(MfaChallenge.RECOVERY_CODE);
    assertThat(command.code()).isEqualTo("Abcde fghij-klmno-pqrst-uvwxy");
  }

  static Stream<Arguments> mfaLoginRejections() {
    return Stream.of(
        Arguments.of(new InvalidTokenException(InvalidTokenException.Kind.MFA_TOKEN, "used"), 401,
            "invalid_mfa_token"),
        Arguments.of(InvalidCredentialsException.mfaCode(), 401, "invalid_mfa_code"),
        Arguments.of(TooManyRequestsException.locked(Duration.ofMinutes(15)), 429, "too_many_attempts"),
        Arguments.of(ValidationException.of("method", "unsupported_method", "Not offered."), 400,
            "validation_failed"));
  }

  @ParameterizedTest
  @MethodSource("mfaLoginRejections")
  void a_refused_second_step_is_answered_with_its_code(IdentityException failure, int status, String code) {
    accounts.failWith(failure);

    Response response = postJson(LOGIN_MFA, "{\"mfa_token\": \"t\", \"code\": \"123456\"}");

    assertProblem(response, status, code);
    if (status == 401) {
      assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keyhold\"");
    }
    if (status == 429) {
      assertThat(response.header("Retry-After")).isEqualTo("900");
    }
  }

  static Stream<Arguments> badMfaLoginBodies() {
    String token = "\"mfa_token\": \"t\"";
    return Stream.of(
        Arguments.of("{" + token + "}", List.of("code:required")),
        Arguments.of("{" + token + ", \"code\": null, \"recovery_code\": null}", List.of("code:required")),
        Arguments.of("{" + token + ", \"code\": \"1\", \"recovery_code\": \"2\"}", List.of("recovery_code:exclusive")),
        Arguments.of("{\"code\": \"123456\"}", List.of("mfa_token:required")),
        Arguments.of("{\"mfa_token\": 7, \"code\": 123456}", List.of("mfa_token:invalid_type", "code:invalid_type")),
        Arguments.of("{" + token + ", \"recovery_code\": [\"a\"]}", List.of("recovery_code:invalid_type")),
        Arguments.of("{" + token + ", \"recovery_code\": \"\"}", List.of("recovery_code:invalid_code")),
        Arguments.of("{" + token + ", \"code\": \"\"}", List.of("code:invalid_code")),
        Arguments.of("{" + token + ", \"code\": \"1\", \"method\": \"totp\"}", List.of("method:unknown_field")),
        Arguments.of("{\"mfa_token\": \"" + "t".repeat(MfaChallenge.MAX_TOKEN_LENGTH + 1) + "\", \"code\": \"1\"}",
            List.of("mfa_token:too_long")),
        Arguments.of("{" + token + ", \"code\": \"" + "1".repeat(MfaChallenge.MAX_CODE_LENGTH + 1) + "\"}",
            List.of("code:too_long")),
        Arguments.of("{" + token + ", \"recovery_code\": \"" + "a".repeat(RecoveryCodes.MAX_INPUT_LENGTH + 1)
            + "\"}", List.of("recovery_code:too_long")));
  }

  @ParameterizedTest
  @MethodSource("badMfaLoginBodies")
  void a_bad_second_step_body_is_refused_before_the_use_case(String body, List<String> expected) {
    Response response = postJson(LOGIN_MFA, body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(errors(response)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(accounts.lastCommand).isNull();
  }

  @Test
  void inputs_at_their_limits_are_the_use_cases_to_judge() {
    String body = "{\"mfa_token\": \"" + "t".repeat(MfaChallenge.MAX_TOKEN_LENGTH) + "\", \"recovery_code\": \""
        + "a".repeat(RecoveryCodes.MAX_INPUT_LENGTH) + "\"}";

    assertThat(postJson(LOGIN_MFA, body).status()).isEqualTo(200);
    assertThat(((CompleteMfaLogin.Command) accounts.lastCommand).code()).hasSize(RecoveryCodes.MAX_INPUT_LENGTH);
  }

  @Test
  void the_request_records_hide_their_secrets() {
    assertThat(new AccountRoutes.MfaLoginRequest("tok-secret", "123456", null).toString())
        .doesNotContain("tok-secret", "123456");
    assertThat(new TwoFactorRoutes.DisableTotpRequest("pw-secret", "123456").toString())
        .doesNotContain("pw-secret", "123456");
    assertThat(new TwoFactorRoutes.CodeRequest("123456").toString()).doesNotContain("123456");
    assertThat(TwoFactorRoutes.EnrolmentResponse.of(FakeTwoFactor.ENROLMENT).toString())
        .doesNotContain(FakeTwoFactor.SECRET);
    assertThat(TwoFactorRoutes.RecoveryCodesResponse.of(FakeTwoFactor.CODES).toString())
        .doesNotContain(FakeTwoFactor.codeList().get(0));
    assertThat(AccountRoutes.MfaRequiredResponse.of(FakeAccounts.mfaRequired()).toString())
        .doesNotContain("mfa-token-value");
    assertThat(OAuthError.mfaRequired(FakeAccounts.mfaRequired()).body().toString())
        .doesNotContain("mfa-token-value");
  }

  // ---- POST /token

  @Test
  void the_password_grant_of_an_account_with_two_factor_answers_403_mfa_required_with_the_challenge() {
    accounts.login = command -> FakeAccounts.mfaRequired();

    Response response = post("/api/v1/token", FORM, "grant_type=password&username=ada%40example.com&password=x");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.contentType()).startsWith("application/json");
    assertNoStore(response);
    JsonNode body = response.json();
    assertThat(fieldNames(body))
        .containsExactly("error", "error_description", "mfa_token", "expires_in", "methods");
    assertThat(body.get("error").asText()).isEqualTo("mfa_required");
    assertThat(body.get("error_description").asText()).contains("/api/v1/login/mfa");
    assertThat(body.get("mfa_token").asText()).isEqualTo("mfa-token-value");
    assertThat(body.get("expires_in").asLong()).isEqualTo(300);
    assertThat(texts(body.get("methods"))).containsExactly("totp", "recovery_code");
  }

  @Test
  void other_token_errors_carry_no_challenge_fields() {
    accounts.failWith(new InvalidCredentialsException());

    Response response = post("/api/v1/token", FORM, "grant_type=password&username=ada%40example.com&password=x");

    assertThat(fieldNames(response.json())).containsExactly("error", "error_description");
  }

  // ---- PATCH /orgs/{id} and POST /orgs/{id}/token

  @Test
  void require_mfa_alone_is_a_change_and_every_organization_view_answers_it() {
    organizations.organization = new Organizations.OrganizationView(FakeOrganizations.ORG, "Acme", "acme", true,
        FakeOrganizations.CREATED_AT, "owner");
    organizations.organizations = List.of(organizations.organization);

    Response response = authorized("PATCH", ORG, "{\"require_mfa\": true}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("require_mfa").asBoolean()).isTrue();
    assertThat(organizations.lastUpdate.requireMfa()).isTrue();
    assertThat(organizations.lastUpdate.name()).isNull();
    assertThat(organizations.lastUpdate.slug()).isNull();
    assertThat(authorized("GET", "/api/v1/orgs", null).json().at("/items/0/require_mfa").asBoolean()).isTrue();
  }

  @Test
  void require_mfa_can_be_turned_off_and_a_rename_leaves_it_alone() {
    assertThat(authorized("PATCH", ORG, "{\"require_mfa\": false}").status()).isEqualTo(200);
    assertThat(organizations.lastUpdate.requireMfa()).isFalse();

    assertThat(authorized("PATCH", ORG, "{\"name\": \"Acme 2\"}").status()).isEqualTo(200);
    assertThat(organizations.lastUpdate.requireMfa()).isNull();
  }

  @Test
  void require_mfa_must_be_a_boolean_and_null_alone_changes_nothing() {
    assertValidation(authorized("PATCH", ORG, "{\"require_mfa\": \"yes\"}"), "require_mfa", "invalid_type");
    assertValidation(authorized("PATCH", ORG, "{\"require_mfa\": 1}"), "require_mfa", "invalid_type");
    assertValidation(authorized("PATCH", ORG, "{\"require_mfa\": null}"), "", "no_changes");
    assertThat(organizations.lastUpdate).isNull();
  }

  @Test
  void turning_require_mfa_on_from_a_session_without_a_second_factor_is_403_mfa_required() {
    organizations.failWith(new MfaRequiredException("Sign in with a second factor first."));

    assertProblem(authorized("PATCH", ORG, "{\"require_mfa\": true}"), 403, "mfa_required");
  }

  @Test
  void an_organization_token_that_needs_a_second_factor_is_403_mfa_required() {
    organizations.failWith(new MfaRequiredException("The organization requires a second factor."));

    Response response = authorized("POST", ORG + "/token", null);

    assertProblem(response, 403, "mfa_required");
    assertThat(response.body()).doesNotContain("access_token");
  }

  // ---- DELETE /admin/users/{id}/mfa

  @Test
  void an_administrator_resets_a_users_two_factor_with_204_whether_or_not_there_was_any() {
    for (boolean hadMfa : List.of(true, false)) {
      administration.hadMfa = hadMfa;

      Response response = authorized("DELETE", RESET, null);

      assertThat(response.status()).isEqualTo(204);
      assertThat(response.body()).isEmpty();
      assertThat(administration.lastCall.method()).isEqualTo("resetMfa");
      assertThat(administration.lastCall.actor().userId()).isEqualTo(FakeAccounts.USER);
      assertThat(administration.lastCall.arguments()).containsExactly(FakeAdministration.TARGET);
    }
  }

  @Test
  void a_reset_without_the_scope_is_403_and_of_a_malformed_id_404() {
    assertThat(authorized("DELETE", "/api/v1/admin/users/not-a-uuid/mfa", null).code()).isEqualTo("not_found");
    assertThat(administration.lastCall).isNull();

    administration.failWith(new ForbiddenException("Needs users:write."));
    assertProblem(authorized("DELETE", RESET, null), 403, "forbidden");
  }

  @Test
  void a_reset_needs_a_bearer_token() {
    assertThat(sendJson("DELETE", RESET, null).status()).isEqualTo(401);
    assertThat(administration.lastCall).isNull();
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
    assertThat(errors(response)).containsExactly(field + ":" + code);
  }

  /** The body's {@code errors} as {@code field:code}. */
  private static List<String> errors(Response response) {
    List<String> errors = new ArrayList<>();
    response.json().path("errors").forEach(e -> errors.add(e.get("field").asText() + ":" + e.get("code").asText()));
    return errors;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(value -> texts.add(value.asText()));
    return texts;
  }
}
