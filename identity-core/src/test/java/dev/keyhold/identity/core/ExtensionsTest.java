package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.SignedJWT;
import dev.keyhold.identity.error.HookFailedException;
import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.error.RefusedByHookException;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.hook.PasswordCandidate;
import dev.keyhold.identity.model.hook.SignInAttempt;
import dev.keyhold.identity.model.hook.Verdict;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.spi.KeyholdPlugin;
import dev.keyhold.identity.spi.PasswordRule;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The operator's hooks, embedded: each takes effect, and a failing one leaves nothing half-done. */
class ExtensionsTest {

  /** Refuses passwords containing the company's name, recording what it saw. */
  static final class NoCompanyName implements PasswordRule {
    final List<PasswordCandidate.Purpose> seen = new ArrayList<>();

    @Override
    public Verdict check(PasswordCandidate candidate) {
      seen.add(candidate.purpose());
      return candidate.password().toLowerCase().contains("acme")
          ? Verdict.refuse("company_name", "Leave the company's name out of your password.")
          : Verdict.accept();
    }
  }

  private static RegisterAccount.Command register(String email, String password) {
    return new RegisterAccount.Command(email, password, null, CLIENT);
  }

  @Test
  void a_password_rule_refuses_on_the_password_field_at_registration_reset_and_change() {
    NoCompanyName rule = new NoCompanyName();
    TestKeyhold t = new TestKeyhold(builder -> builder.passwordRule(rule));

    ValidationException refused = catchThrowableOfType(ValidationException.class,
        () -> t.keyhold.accounts().register(register("ada@example.com", "acme rocket launcher 99")));
    assertThat(refused.violations()).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("password");
      assertThat(v.code()).isEqualTo("company_name");
    });
    assertThat(t.stores.users().findByEmail(Email.parse("ada@example.com"))).as("nothing stored").isEmpty();

    Actor ada = t.signUp("ada@example.com");
    assertThat(catchThrowableOfType(ValidationException.class, () -> t.keyhold.accounts().changePassword(
        new ChangePassword.Command(ada, PASSWORD, "new acme password 2026"))).violations())
        .singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("new_password"));
    t.keyhold.accounts().requestPasswordReset(new ResetPassword.Request("ada@example.com", CLIENT));
    String reset = t.lastLinkTokenTo("ada@example.com");
    assertThat(TestKeyhold.code(() -> t.keyhold.accounts().confirmPasswordReset(
        new ResetPassword.Confirmation(reset, "acme is my employer 1", CLIENT)))).isEqualTo("validation_failed");
    t.keyhold.accounts().confirmPasswordReset(new ResetPassword.Confirmation(reset, "a fine new passphrase 7",
        CLIENT));
    assertThat(rule.seen).contains(PasswordCandidate.Purpose.REGISTRATION, PasswordCandidate.Purpose.CHANGE,
        PasswordCandidate.Purpose.RESET);
  }

  @Test
  void a_registration_check_refuses_known_and_unknown_addresses_alike_and_stores_nothing() {
    TestKeyhold t = new TestKeyhold(builder -> builder.registrationCheck(attempt ->
        attempt.email().normalized().endsWith("@example.com") ? Verdict.accept()
            : Verdict.refuse("domain_not_allowed", "Sign-up is open to example.com addresses only.")));
    t.signUp("ada@example.com");

    RefusedByHookException refused = catchThrowableOfType(RefusedByHookException.class,
        () -> t.keyhold.accounts().register(register("mallory@evil.example", PASSWORD)));

    assertThat(refused.code()).isEqualTo("registration_refused");
    assertThat(refused.reason()).isEqualTo("domain_not_allowed");
    assertThat(t.stores.users().findByEmail(Email.parse("mallory@evil.example"))).isEmpty();
    assertThat(t.keyhold.accounts().register(register("ada@example.com", PASSWORD)))
        .as("an existing address passes the check and gets the usual answer")
        .isInstanceOf(RegisterAccount.AlreadyRegistered.class);
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("user.register_refused"))
        .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("reason", "domain_not_allowed"));
  }

  @Test
  void a_sign_in_check_refuses_a_login_before_a_session_starts_and_a_refresh_without_rotating() {
    AtomicBoolean refuseRefresh = new AtomicBoolean();
    TestKeyhold t = new TestKeyhold(builder -> builder.signInCheck(attempt -> {
      if (attempt.email().startsWith("blocked")) {
        return Verdict.refuse("tenant_suspended", "Your organization's access is suspended.");
      }
      return attempt.kind() == SignInAttempt.Kind.REFRESH && refuseRefresh.get()
          ? Verdict.refuse("outside_office", "Sign in from the office network.") : Verdict.accept();
    }));
    t.registerAndVerify("blocked@example.com");
    t.registerAndVerify("ada@example.com");

    assertThat(TestKeyhold.code(() -> t.login("blocked@example.com"))).isEqualTo("sign_in_refused");
    assertThat(t.stores.refreshTokens().findActiveSessions(t.userId("blocked@example.com"), t.clock.instant()))
        .isEmpty();

    IssuedTokens tokens = t.login("ada@example.com").tokens();
    refuseRefresh.set(true);
    assertThat(TestKeyhold.code(() -> t.keyhold.sessions().refresh(
        new RotateRefreshToken.Command(tokens.refreshToken(), CLIENT)))).isEqualTo("sign_in_refused");
    refuseRefresh.set(false);
    assertThat(t.keyhold.sessions().refresh(new RotateRefreshToken.Command(tokens.refreshToken(), CLIENT))
        .accessToken()).as("the refused refresh used nothing up").isNotBlank();
    assertThat(t.stores.auditEvents()).filteredOn(e -> e.action().equals("login.refused"))
        .extracting(e -> e.details().get("kind")).containsExactly("login", "refresh");
  }

  @Test
  void custom_claims_reach_the_token_and_never_replace_keyholds_own() throws Exception {
    TestKeyhold t = new TestKeyhold(builder -> builder.tokenClaims(request -> Map.of(
        "tenant", "acme", "groups", List.of("staff", "ops"), "limits", Map.of("seats", 5))));
    t.registerAndVerify("ada@example.com");

    Map<String, Object> claims = SignedJWT.parse(t.login("ada@example.com").tokens().accessToken())
        .getJWTClaimsSet().getClaims();

    assertThat(claims).containsEntry("tenant", "acme").containsEntry("groups", List.of("staff", "ops"));
    assertThat(claims.get("limits")).isEqualTo(Map.of("seats", 5L));
    assertThat(t.keyhold.sessions().authenticate(t.login("ada@example.com").tokens().accessToken())).isNotNull();
  }

  @Test
  void a_reserved_a_non_json_or_an_oversized_claim_fails_the_login_with_hook_failed() {
    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("sub", "someone-else"),
        Map.of("scope", "admin"), Map.of("when", java.time.Instant.EPOCH), Map.of("big", "x".repeat(3000)))) {
      TestKeyhold t = new TestKeyhold(builder -> builder.tokenClaims(request -> bad));
      t.registerAndVerify("ada@example.com");

      HookFailedException failed =
          catchThrowableOfType(HookFailedException.class, () -> t.login("ada@example.com"));

      assertThat(failed).as("%s", bad.keySet()).isNotNull();
      assertThat(failed.code()).isEqualTo("hook_failed");
    }
  }

  @Test
  void a_failing_claims_customizer_leaves_no_session_at_login_and_the_refresh_token_usable_at_refresh() {
    AtomicBoolean failing = new AtomicBoolean();
    TestKeyhold t = new TestKeyhold(builder -> builder.tokenClaims(request -> {
      if (failing.get()) {
        throw new IllegalStateException("the claims service is down");
      }
      return Map.of("tenant", "acme");
    }));
    t.registerAndVerify("ada@example.com");
    IssuedTokens tokens = t.login("ada@example.com").tokens();
    failing.set(true);

    assertThat(TestKeyhold.code(() -> t.login("ada@example.com"))).isEqualTo("hook_failed");
    assertThat(TestKeyhold.code(() -> t.keyhold.sessions().refresh(
        new RotateRefreshToken.Command(tokens.refreshToken(), CLIENT)))).isEqualTo("hook_failed");

    assertThat(t.stores.refreshTokens().findActiveSessions(t.userId("ada@example.com"), t.clock.instant()))
        .as("only the first login's session").hasSize(1);
    failing.set(false);
    assertThat(t.keyhold.sessions().refresh(new RotateRefreshToken.Command(tokens.refreshToken(), CLIENT))
        .accessToken()).as("the refresh token the failed refresh was given still works").isNotBlank();
  }

  @Test
  void a_throwing_hook_fails_with_hook_failed_naming_it_and_nothing_is_stored() {
    PasswordRule broken = candidate -> {
      throw new IllegalStateException("the rule's database is down");
    };
    TestKeyhold t = new TestKeyhold(builder -> builder.passwordRule(broken));

    HookFailedException failed = catchThrowableOfType(HookFailedException.class,
        () -> t.keyhold.accounts().register(register("ada@example.com", PASSWORD)));

    assertThat(failed.hook()).isEqualTo(broken.getClass().getName());
    assertThat(failed.getMessage()).contains(broken.getClass().getName()).doesNotContain("database is down");
    assertThat(failed.getCause()).hasMessage("the rule's database is down");
    assertThat(t.stores.users().findByEmail(Email.parse("ada@example.com"))).isEmpty();
    assertThat(t.mail()).isEmpty();
  }

  @Test
  void a_hook_running_past_its_timeout_fails_the_request_and_is_interrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    TestKeyhold t = new TestKeyhold(builder -> builder.hookTimeout(Duration.ofMillis(50)).registrationCheck(
        attempt -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return Verdict.accept();
        }));

    IdentityException failed = catchThrowableOfType(IdentityException.class,
        () -> t.keyhold.accounts().register(register("ada@example.com", PASSWORD)));

    assertThat(failed.code()).isEqualTo("hook_failed");
    assertThat(failed.getMessage()).contains("ran longer than 50 ms");
    assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the hook was interrupted").isTrue();
    assertThat(t.stores.users().findByEmail(Email.parse("ada@example.com"))).isEmpty();
  }

  @Test
  void a_plugin_registers_its_parts_and_the_instance_lists_them() {
    NoCompanyName rule = new NoCompanyName();
    List<String> events = new ArrayList<>();
    KeyholdPlugin plugin = registry -> registry.passwordRule(rule).listener(event -> events.add(event.type()));
    TestKeyhold t = new TestKeyhold(builder -> builder.plugin(plugin));

    assertThat(t.keyhold.extensions()).startsWith("plugin " + plugin.getClass().getName(),
        "password rule " + NoCompanyName.class.getName());
    assertThat(t.keyhold.extensions().get(2)).startsWith("listener " + ExtensionsTest.class.getName());
    assertThat(TestKeyhold.code(() -> t.keyhold.accounts().register(register("ada@example.com",
        "acme rocket launcher 99")))).isEqualTo("validation_failed");
    t.signUp("ada@example.com");
    assertThat(events).contains("user.registered", "user.email_verified", "session.started");
  }

  @Test
  void without_hooks_a_login_answers_as_before() {
    TestKeyhold t = new TestKeyhold(builder -> { });
    t.registerAndVerify("ada@example.com");

    assertThat(t.login("ada@example.com")).isInstanceOf(Authenticate.Authenticated.class);
    assertThat(t.keyhold.extensions()).as("only the test's own event recorder")
        .singleElement().satisfies(line -> assertThat(line).startsWith("listener " + TestKeyhold.class.getName()));
  }
}
