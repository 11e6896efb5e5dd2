package dev.keyhold.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.error.EmailNotVerifiedException;
import dev.keyhold.identity.error.EmailTakenException;
import dev.keyhold.identity.error.ForbiddenException;
import dev.keyhold.identity.error.HookFailedException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.InvalidCredentialsException;
import dev.keyhold.identity.error.InvalidTokenException;
import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.OverloadedException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.error.TokenReusedException;
import dev.keyhold.identity.error.TooManyRequestsException;
import dev.keyhold.identity.error.ValidationException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMappingTest extends HttpApiTestSupport {

  private static final String LOGIN = "{\"email\": \"ada@example.com\", \"password\": \"correct horse\"}";

  static Stream<Arguments> identityExceptions() {
    return Stream.of(
        Arguments.of(ValidationException.of("email", "invalid_email", "Not an email address."), 400),
        Arguments.of(new InvalidCredentialsException(), 401),
        Arguments.of(new EmailNotVerifiedException(), 403),
        Arguments.of(new InvalidTokenException(InvalidTokenException.Kind.ACCESS_TOKEN, "expired"), 401),
        Arguments.of(new InvalidTokenException(InvalidTokenException.Kind.REFRESH_TOKEN, "unknown"), 401),
        Arguments.of(new InvalidTokenException(InvalidTokenException.Kind.LINK_TOKEN, "used"), 400),
        Arguments.of(new TokenReusedException(), 401),
        Arguments.of(new EmailTakenException(), 409),
        Arguments.of(new NotFoundException("No such user."), 404),
        Arguments.of(new ForbiddenException("Not yours."), 403),
        Arguments.of(TooManyRequestsException.locked(Duration.ofMinutes(15)), 429),
        Arguments.of(TooManyRequestsException.rateLimited(Duration.ofSeconds(30),
            new TooManyRequestsException.Limit("login-ip", 10, Duration.ofMinutes(1), 0, Duration.ofSeconds(30))), 429),
        Arguments.of(new OverloadedException(Duration.ofSeconds(1)), 503),
        Arguments.of(new StoreUnavailableException("database down", new SQLException("connection refused")), 503));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("identityExceptions")
  void each_identity_exception_code_maps_to_its_status(IdentityException failure, int status) {
    accounts.failWith(failure);

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo(failure.code());
    assertThat(response.json().get("type").asText()).isEqualTo("https://keyhold.dev/problems/" + failure.code());
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    if (status == 401) {
      assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=\"keyhold\"");
    }
  }

  @Test
  void store_unavailable_is_503_with_retry_after_and_no_driver_detail() {
    accounts.failWith(new StoreUnavailableException("jdbc:postgresql://db.internal:5432 refused", new SQLException()));

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.code()).isEqualTo("store_unavailable");
    assertThat(response.header("Retry-After")).isEqualTo("5");
    assertThat(response.body()).doesNotContain("jdbc", "db.internal", "SQLException");
  }

  @Test
  void an_operators_refusal_is_403_with_the_checks_reason() {
    accounts.failWith(RefusedByHookException.registration("domain_not_allowed", "Only example.com addresses."));

    Response response = postJson("/api/v1/register", "{\"email\": \"a@b.io\", \"password\": \"correct horse\"}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.code()).isEqualTo("registration_refused");
    assertThat(response.json().get("reason").asText()).isEqualTo("domain_not_allowed");
    assertThat(response.json().get("detail").asText()).isEqualTo("Only example.com addresses.");
  }

  @Test
  void a_failed_hook_is_500_naming_it_without_its_exceptions_message() {
    accounts.failWith(new HookFailedException("com.example.DomainList", "it threw IllegalStateException",
        new IllegalStateException("jdbc:postgresql://hooks.internal refused")));

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.code()).isEqualTo("hook_failed");
    assertThat(response.json().get("detail").asText()).contains("com.example.DomainList");
    assertThat(response.body()).doesNotContain("jdbc", "hooks.internal");
    assertThat(response.json().has("reason")).isFalse();
  }

  @Test
  void overloaded_is_503_with_the_retry_after_it_carries_rounded_up() {
    accounts.failWith(new OverloadedException(Duration.ofMillis(1_500)));

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.code()).isEqualTo("overloaded");
    assertThat(response.header("Retry-After")).isEqualTo("2");
  }

  @Test
  void a_validation_failure_from_the_core_lists_every_violation() {
    accounts.failWith(new ValidationException(List.of(
        new ValidationException.Violation("email", "invalid_email", "Not an email address."),
        new ValidationException.Violation("password", "password_too_short", "At least 8 characters."))));

    Response response = postJson("/api/v1/register", "{\"email\": \"x\", \"password\": \"short\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("validation_failed");
    assertThat(response.json().get("errors")).hasSize(2);
    assertThat(response.json().at("/errors/1/field").asText()).isEqualTo("password");
    assertThat(response.json().at("/errors/1/code").asText()).isEqualTo("password_too_short");
    assertThat(response.json().at("/errors/1/message").asText()).isEqualTo("At least 8 characters.");
  }

  @Test
  void an_unexpected_exception_is_500_internal_error_without_its_text_or_stack_trace() {
    accounts.failWith(new IllegalStateException("secret-internal-state at com.example.Leak"));

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("internal_error");
    assertThat(response.json().get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
    assertThat(response.body())
        .doesNotContain("secret-internal-state", "IllegalStateException", "com.example", "at dev.keyhold", "\tat ");
  }

  @Test
  void an_unexpected_error_is_500_internal_error_too() {
    accounts.login = command -> {
      throw new AssertionError("a bug");
    };

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("internal_error");
    assertThat(response.body()).doesNotContain("a bug", "AssertionError");
  }

  @Test
  void a_login_result_this_adapter_does_not_know_is_500_internal_error() {
    accounts.login = command -> null;

    Response response = postJson("/api/v1/login", LOGIN);

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.code()).isEqualTo("internal_error");
  }

  @Test
  void an_unknown_route_is_404_not_found_as_problem_json() {
    Response response = get("/api/v1/nothing-here");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("not_found");
    assertThat(response.header("X-Request-Id")).matches(UUID_PATTERN);
  }

  @Test
  void a_wrong_method_on_a_known_path_is_405_method_not_allowed_with_allow() {
    Response response = get("/api/v1/login");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.code()).isEqualTo("method_not_allowed");
    assertThat(response.header("Allow")).isEqualTo("POST");
  }

  @Test
  void delete_on_a_get_route_is_405_listing_get_and_head() {
    Response response = send("DELETE", "/api/v1/me/identities");

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.code()).isEqualTo("method_not_allowed");
    assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
  }
}
