package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.model.hook.ClaimsRequest;
import dev.keyhold.identity.model.hook.RegistrationAttempt;
import dev.keyhold.identity.model.hook.SignInAttempt;
import dev.keyhold.identity.model.hook.Verdict;
import dev.keyhold.identity.spi.RegistrationCheck;
import dev.keyhold.identity.spi.SignInCheck;
import dev.keyhold.identity.spi.TokenClaimsCustomizer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hooks loaded by {@code HOOK_MODULES} that refuse or throw: a refusal is a 403 with the check's reason; a throw fails
 * the request with 500 {@code hook_failed} naming the hook, and PostgreSQL holds nothing of it.
 */
class FailingHooksFlowTest {

  private static final String PASSWORD = "correct horse battery staple";

  /**
   * Throws for addresses starting with {@code boom}, and when issuing a token to one starting with {@code noclaims};
   * refuses sign-ups from {@code evil.example} and sign-ins of addresses starting with {@code blocked}.
   */
  public static final class Brittle implements RegistrationCheck, SignInCheck, TokenClaimsCustomizer {
    @Override
    public Verdict check(RegistrationAttempt attempt) {
      if (attempt.email().normalized().startsWith("boom")) {
        throw new IllegalStateException("the allow-list service at hooks.internal is down");
      }
      return attempt.email().normalized().endsWith("@evil.example")
          ? Verdict.refuse("domain_not_allowed", "This address cannot sign up here.") : Verdict.accept();
    }

    @Override
    public Verdict check(SignInAttempt attempt) {
      return attempt.email().startsWith("blocked")
          ? Verdict.refuse("tenant_suspended", "Your organization's access is suspended.") : Verdict.accept();
    }

    @Override
    public Map<String, Object> claims(ClaimsRequest request) {
      if (request.email().startsWith("noclaims")) {
        throw new IllegalStateException("the claims service is down");
      }
      return Map.of();
    }
  }

  @RegisterExtension
  static final RunningServer SERVER = new RunningServer(Map.of(
      "HOOK_MODULES", Brittle.class.getName(), "REQUIRE_VERIFIED_EMAIL", "false"));

  private final ApiClient api = SERVER.api();

  @Test
  void a_refused_sign_up_and_a_refused_sign_in_are_403_with_the_checks_reason() throws Exception {
    ApiClient.Response refused = api.post("/api/v1/register", Map.of("email", "eve@evil.example", "password",
        PASSWORD));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("code")).isEqualTo("registration_refused");
    assertThat(refused.text("reason")).isEqualTo("domain_not_allowed");
    assertThat(count("SELECT count(*) FROM users WHERE email_normalized = ?", "eve@evil.example")).isZero();

    assertThat(api.post("/api/v1/register", Map.of("email", "blocked@example.com", "password", PASSWORD)).status())
        .isEqualTo(202);
    ApiClient.Response login = api.post("/api/v1/login", Map.of("email", "blocked@example.com", "password",
        PASSWORD));
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.text("code")).isEqualTo("sign_in_refused");
    assertThat(login.text("reason")).isEqualTo("tenant_suspended");
    assertThat(count("SELECT count(*) FROM refresh_sessions s JOIN users u ON u.id = s.user_id "
        + "WHERE u.email_normalized = ?", "blocked@example.com")).isZero();
  }

  @Test
  void a_registration_whose_check_throws_is_500_hook_failed_and_stores_no_user_and_no_mail() throws Exception {
    ApiClient.Response failed = api.post("/api/v1/register", Map.of("email", "boom@example.com", "password", PASSWORD));

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.text("code")).isEqualTo("hook_failed");
    assertThat(failed.text("detail")).contains(Brittle.class.getName());
    assertThat(failed.raw().body()).doesNotContain("hooks.internal");
    assertThat(count("SELECT count(*) FROM users WHERE email_normalized = ?", "boom@example.com")).isZero();
    assertThat(count("SELECT count(*) FROM mail_outbox WHERE recipient = ?", "boom@example.com")).isZero();
  }

  @Test
  void a_login_whose_claims_customizer_throws_is_500_hook_failed_and_starts_no_session() throws Exception {
    assertThat(api.post("/api/v1/register", Map.of("email", "noclaims@example.com", "password", PASSWORD)).status())
        .isEqualTo(202);

    ApiClient.Response failed = api.post("/api/v1/login", Map.of("email", "noclaims@example.com", "password",
        PASSWORD));

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.text("code")).isEqualTo("hook_failed");
    assertThat(count("SELECT count(*) FROM refresh_sessions s JOIN users u ON u.id = s.user_id "
        + "WHERE u.email_normalized = ?", "noclaims@example.com")).isZero();
  }

  private static int count(String sql, String parameter) throws Exception {
    try (Connection connection = SERVER.database(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
