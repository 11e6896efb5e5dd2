package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ConflictException;
import dev.keyhold.identity.error.EmailNotVerifiedException;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ErrorCode;
import dev.keyhold.identity.error.ExternalLoginException;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.HookFailedException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.MfaRequiredException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.error.ProviderUnavailableException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.TokenReusedException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The closed set of problem codes: every code the core can raise ({@link ErrorCode}) and every code the transport
 * raises ({@link TransportCode}) has a status in {@link Problems}, an answer from the real server and the token
 * endpoint, and a row in docs/api.md's error table; and that table documents no code that does not exist.
 */
class ErrorCodesTest extends HttpApiTestSupport {

  private static final Path API_DOC = Path.of("..", "docs", "api.md");
  /** A row of the error table: {@code | `code` | status | when |}. */
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (\\d{3}) \\| .+ \\|$");
  private static final String LOGIN = "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}";

  /**
   * One rejection of each code, as the core raises it. The {@code switch} has no default, so a new code does not
   * compile until it is added here, and so to every test below.
   */
  static IdentityException raised(ErrorCode code) {
    return switch (code) {
      case VALIDATION_FAILED -> ValidationException.of("email", "invalid_email", "Not an email address.");
      case INVALID_CREDENTIALS -> new InvalidCredentialsException();
      case EMAIL_NOT_VERIFIED -> new EmailNotVerifiedException();
      case INVALID_TOKEN -> new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "expired");
      case INVALID_REFRESH_TOKEN -> new InvalidTokenException(InvalidTokenException.Kind.REFRESH_TOKEN, "unknown");
      case INVALID_LINK_TOKEN -> new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "used");
      case TOKEN_REUSED -> new TokenReusedException();
      case EMAIL_TAKEN -> new EmailTakenException();
      case NOT_FOUND -> new NotFoundException("No such user.");
      case FORBIDDEN -> new ForbiddenException("Not yours.");
      case SLUG_TAKEN, ROLE_NAME_TAKEN, ALREADY_MEMBER, LAST_OWNER, MFA_ALREADY_ENABLED, MFA_NOT_ENABLED,
          LAST_SIGN_IN_METHOD, IDENTITY_ALREADY_LINKED ->
          new ConflictException(code, "It clashes.");
      case MFA_REQUIRED -> new MfaRequiredException("Sign in with your second factor.");
      case INVALID_MFA_CODE -> InvalidCredentialsException.mfaCode();
      case INVALID_MFA_TOKEN -> new InvalidTokenException(InvalidTokenException.Kind.MFA_TOKEN, "unknown");
      case INVALID_OAUTH_STATE -> ExternalLoginException.invalidState("unknown_state");
      case OAUTH_LOGIN_FAILED -> ExternalLoginException.failed("bad_nonce");
      case PROVIDER_UNAVAILABLE -> new ProviderUnavailableException("google token endpoint unreachable", null);
      case TOO_MANY_ATTEMPTS -> TooManyRequestsException.locked(Duration.ofMinutes(15));
      case RATE_LIMITED -> TooManyRequestsException.rateLimited(Duration.ofSeconds(30),
          new TooManyRequestsException.Limit("login-ip", 10, Duration.ofMinutes(1), 0, Duration.ofSeconds(30)));
      case OVERLOADED -> new OverloadedException(Duration.ofSeconds(1));
      case STORE_UNAVAILABLE -> new StoreUnavailableException("database down", null);
      case REGISTRATION_REFUSED -> RefusedByHookException.registration("domain_not_allowed",
          "Sign-up is open to example.com addresses only.");
      case SIGN_IN_REFUSED -> RefusedByHookException.signIn("outside_office", "Sign in from the office network.");
      case HOOK_FAILED -> new HookFailedException("com.example.Rule", "it threw IllegalStateException",
          new IllegalStateException("a secret detail"));
    };
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void every_code_the_core_can_raise_is_answered_with_its_own_status_and_code(ErrorCode code) {
    IdentityException failure = raised(code);
    assertThat(failure.errorCode()).isEqualTo(code);
    assertThat(Problems.defines(code.code())).as("Problems maps %s", code).isTrue();
    accounts.failWith(failure);

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(Problems.status(code.code()));
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo(code.code());
    assertThat(response.json().get("title").asText()).isEqualTo(Problems.title(code.code()));
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void every_code_the_core_can_raise_has_an_answer_at_the_token_endpoint(ErrorCode code) {
    OAuthError error = OAuthError.from(raised(code));

    if (code == ErrorCode.MFA_REQUIRED) {
      assertThat(error.status()).isEqualTo(403);
      assertThat(error.error()).isEqualTo("mfa_required");
    } else if (code == ErrorCode.HOOK_FAILED) {
      assertThat(error.status()).isEqualTo(500);
      assertThat(error.error()).isEqualTo("server_error");
    } else {
      assertThat(error.status()).isIn(400, 429, 503);
    }
    assertThat(error.error()).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(TransportCode.class)
  void every_code_of_the_transport_has_a_status(TransportCode code) {
    assertThat(Problems.defines(code.code())).isTrue();
    assertThat(Problems.status(code.code())).isBetween(400, 599);
    assertThat(Problems.title(code.code())).isNotBlank();
  }

  @Test
  void the_problem_codes_are_exactly_the_cores_and_the_transports() {
    List<String> expected = new java.util.ArrayList<>();
    Arrays.stream(ErrorCode.values()).map(ErrorCode::code).forEach(expected::add);
    Arrays.stream(TransportCode.values()).map(TransportCode::code).forEach(expected::add);

    assertThat(Problems.codes()).containsExactlyElementsOf(expected);
  }

  @Test
  void a_string_that_is_no_problem_code_is_refused_rather_than_answered_as_a_generic_400() {
    assertThat(Problems.defines("role_in_use")).isFalse();
    assertThatThrownBy(() -> Problems.status("role_in_use")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Problems.of("no_such_code", "x", "id", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_conflict_carries_only_a_conflict_code() {
    assertThat(ConflictException.CODES).allSatisfy(code -> assertThat(Problems.status(code.code())).isEqualTo(409));
    assertThatThrownBy(() -> new ConflictException(ErrorCode.NOT_FOUND, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void docs_api_md_documents_every_problem_code_with_its_status_and_no_other() throws IOException {
    Map<String, Integer> documented = documentedErrorTable();

    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(Problems.codes());
    documented.forEach((code, status) ->
        assertThat(status).as("the status docs/api.md gives %s", code).isEqualTo(Problems.status(code)));
  }

  /** The first table under {@code ## Errors} in docs/api.md: code to status. */
  static Map<String, Integer> documentedErrorTable() throws IOException {
    List<String> lines = Files.readAllLines(API_DOC);
    int start = lines.indexOf("## Errors");
    assertThat(start).as("docs/api.md has an Errors section").isNotNegative();
    int header = start;
    while (!lines.get(header).startsWith("| code | status |")) {
      header++;
    }
    Map<String, Integer> table = new LinkedHashMap<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      Matcher row = ROW.matcher(lines.get(i));
      assertThat(row.matches()).as("a row of the error table: %s", lines.get(i)).isTrue();
      assertThat(table.put(row.group(1), Integer.parseInt(row.group(2))))
          .as("%s is documented once", row.group(1)).isNull();
    }
    assertThat(table).isNotEmpty();
    return table;
  }

  @Test
  void the_error_table_in_the_docs_is_read_as_a_table() throws IOException {
    // guards the reader above: it finds rows the docs certainly have
    assertThat(documentedErrorTable()).containsEntry("validation_failed", 400).containsEntry("internal_error", 500);
    assertThat(documentedErrorTable().keySet().stream().collect(Collectors.toSet())).hasSizeGreaterThan(20);
  }
}
