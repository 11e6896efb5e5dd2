package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static dev.keyhold.identity.core.TestKeyhold.PASSWORD;
import static dev.keyhold.identity.core.TestKeyhold.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.core.crypto.Totp;
import dev.keyhold.identity.error.MfaRequiredException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.audit.AuditEvent;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.token.AccessTokenClaims;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.testkit.Concurrently;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.IssueOrganizationToken;
import dev.keyhold.identity.usecase.ReplaceRecoveryCodes;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.ResetUserMfa;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.StartTotpEnrolment.Enrolment;
import dev.keyhold.identity.usecase.UpdateOrganization;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwoFactorUseCasesTest {

  private static final String EMAIL = "ada@example.com";

  private final TestKeyhold t = new TestKeyhold();
  private Actor ada;

  @BeforeEach
  void signUp() {
    ada = t.signUp(EMAIL);
  }

  private Enrolment start(Actor actor) {
    return t.keyhold.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(actor, PASSWORD));
  }

  /** The code an app shows {@code offset} steps from now. */
  private String codeAt(String secret, int offset) {
    return Totp.code(secret, Totp.step(t.clock.instant()) + offset);
  }

  /** Enrols and confirms with the previous step's code, leaving now's and the next step's codes for logins. */
  private String enableTotp(Actor actor) {
    Enrolment enrolment = start(actor);
    t.keyhold.twoFactor().confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(actor, codeAt(enrolment.secret(), -1)));
    return enrolment.secret();
  }

  private List<String> enableTotpWithCodes(Actor actor) {
    Enrolment enrolment = start(actor);
    return t.keyhold.twoFactor()
        .confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(actor, codeAt(enrolment.secret(), -1))).codes();
  }

  private Authenticate.LoginResult login(String email) {
    return t.keyhold.accounts().login(new Authenticate.Command(email, PASSWORD, CLIENT));
  }

  private Authenticate.MfaRequired challenge(String email) {
    Authenticate.LoginResult result = login(email);
    assertThat(result).isInstanceOf(Authenticate.MfaRequired.class);
    return (Authenticate.MfaRequired) result;
  }

  private Authenticate.Authenticated finish(String mfaToken, String method, String code) {
    return t.keyhold.accounts().completeMfaLogin(new CompleteMfaLogin.Command(mfaToken, method, code, CLIENT));
  }

  private List<String> actions() {
    return t.stores.auditEvents().stream().map(AuditEvent::action).collect(Collectors.toList());
  }

  @Test
  void enrolment_answers_a_secret_its_otpauth_uri_and_a_qr_code_and_changes_nothing_until_confirmed() {
    Enrolment enrolment = start(ada);

    assertThat(enrolment.secret()).matches("[A-Z2-7]{32}");
    assertThat(enrolment.otpauthUri()).isEqualTo("otpauth://totp/Keyhold:ada%40example.com?secret="
        + enrolment.secret() + "&issuer=Keyhold&algorithm=SHA1&digits=6&period=30");
    assertThat(enrolment.qrSvg()).startsWith("<svg");
    assertThat(enrolment.toString()).doesNotContain(enrolment.secret());
    assertThat(login(EMAIL)).isInstanceOf(Authenticate.Authenticated.class);
    assertThat(t.keyhold.accounts().profile(ada.userId()).mfaEnabled()).isFalse();
    assertThat(actions()).contains("mfa.enrolment_started");
  }

  @Test
  void the_secret_is_stored_sealed_never_in_the_clear() {
    Enrolment enrolment = start(ada);

    String sealed = t.stores.totpCredentials().find(ada.userId()).orElseThrow().sealedSecret();
    assertThat(sealed).doesNotContain(enrolment.secret());
  }

  @Test
  void a_new_start_replaces_a_pending_enrolment() {
    Enrolment first = start(ada);
    Enrolment second = start(ada);

    assertThat(second.secret()).isNotEqualTo(first.secret());
    assertThat(code(() -> t.keyhold.twoFactor().confirmTotpEnrolment(
        new ConfirmTotpEnrolment.Command(ada, codeAt(first.secret(), 0))))).isEqualTo("invalid_mfa_code");
    assertThat(t.keyhold.twoFactor().confirmTotpEnrolment(
        new ConfirmTotpEnrolment.Command(ada, codeAt(second.secret(), 0))).codes()).hasSize(RecoveryCodes.COUNT);
  }

  @Test
  void enrolment_needs_the_current_password_and_counts_a_wrong_one_toward_lockout() {
    assertThat(code(() -> t.keyhold.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(ada, "wrong"))))
        .isEqualTo("invalid_credentials");
    assertThat(t.stores.totpCredentials().find(ada.userId())).isEmpty();
    for (int i = 0; i < 4; i++) {
      code(() -> t.keyhold.twoFactor().startTotpEnrolment(new StartTotpEnrolment.Command(ada, "wrong")));
    }
    assertThat(code(() -> login(EMAIL))).isEqualTo("too_many_attempts");
  }

  @Test
  void confirming_turns_it_on_answers_ten_recovery_codes_ends_other_sessions_and_mails_a_notice() {
    Actor otherDevice = t.signIn(EMAIL);
    List<String> codes = enableTotpWithCodes(ada);

    assertThat(codes).hasSize(RecoveryCodes.COUNT).doesNotHaveDuplicates()
        .allSatisfy(c -> assertThat(c).matches("[a-z2-7]{5}(-[a-z2-7]{5}){4}"));
    assertThat(t.keyhold.accounts().profile(ada.userId()).mfaEnabled()).isTrue();
    assertThat(t.stores.refreshTokens().findSession(otherDevice.sessionId()).orElseThrow().revokedAt()).isNotNull();
    assertThat(t.stores.refreshTokens().findSession(ada.sessionId()).orElseThrow().revokedAt()).isNull();
    assertThat(t.mail()).last().satisfies(m -> assertThat(m.subject()).contains("Two-factor sign-in turned on"));
    assertThat(actions()).contains("mfa.enabled");
  }

  @Test
  void confirming_needs_a_started_enrolment_and_the_right_code() {
    assertThat(code(() -> t.keyhold.twoFactor().confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(ada, "123456"))))
        .isEqualTo("mfa_not_enabled");
    Enrolment enrolment = start(ada);
    String wrong = codeAt(enrolment.secret(), 0).equals("000000") ? "111111" : "000000";

    assertThat(code(() -> t.keyhold.twoFactor().confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(ada, wrong))))
        .isEqualTo("invalid_mfa_code");
    assertThat(code(() -> t.keyhold.twoFactor().confirmTotpEnrolment(
        new ConfirmTotpEnrolment.Command(ada, codeAt(enrolment.secret(), 2))))).as("two steps ahead")
        .isEqualTo("invalid_mfa_code");
    assertThat(t.keyhold.accounts().profile(ada.userId()).mfaEnabled()).isFalse();
  }

  @Test
  void enrolling_again_while_on_is_a_conflict() {
    enableTotp(ada);

    assertThat(code(() -> start(ada))).isEqualTo("mfa_already_enabled");
  }

  @Test
  void login_with_totp_asks_for_a_code_and_issues_tokens_with_amr_pwd_otp() {
    String secret = enableTotp(ada);
    int sessionsBefore = t.stores.refreshTokens().findActiveSessions(ada.userId(), t.clock.instant()).size();

    Authenticate.MfaRequired challenge = challenge(EMAIL);

    assertThat(challenge.methods()).containsExactly(MfaChallenge.TOTP, MfaChallenge.RECOVERY_CODE);
    assertThat(challenge.expiresIn()).isEqualTo(Duration.ofMinutes(5));
    assertThat(challenge.toString()).doesNotContain(challenge.mfaToken());
    assertThat(t.stores.refreshTokens().findActiveSessions(ada.userId(), t.clock.instant()))
        .as("no session before the code").hasSize(sessionsBefore);
    Authenticate.Authenticated session = finish(challenge.mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0));
    AccessTokenClaims claims = t.keyhold.sessions().authenticate(session.tokens().accessToken());
    assertThat(claims.authMethods()).containsExactly("pwd", "otp");
    assertThat(session.userId()).isEqualTo(ada.userId());
    assertThat(actions()).contains("login.mfa_required");
  }

  @Test
  void a_code_is_accepted_once_and_an_older_step_after_a_newer_one_never() {
    String secret = enableTotp(ada);
    finish(challenge(EMAIL).mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0));

    assertThat(code(() -> finish(challenge(EMAIL).mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0))))
        .as("the same code again").isEqualTo("invalid_mfa_code");
    assertThat(code(() -> finish(challenge(EMAIL).mfaToken(), MfaChallenge.TOTP, codeAt(secret, -1))))
        .as("the confirmation's code, an earlier step").isEqualTo("invalid_mfa_code");
    assertThat(finish(challenge(EMAIL).mfaToken(), MfaChallenge.TOTP, codeAt(secret, 1))).isNotNull();
  }

  @Test
  void of_two_nodes_racing_with_one_code_exactly_one_signs_in() {
    String secret = enableTotp(ada);
    TestKeyhold otherNode = t.redeployedWith(TestKeyhold.FAST);
    for (int round = 0; round < Concurrently.ROUNDS; round++) {
      t.clock.advance(Duration.ofSeconds(30));
      String code = codeAt(secret, 0);
      List<String> tokens = List.of(challenge(EMAIL).mfaToken(), challenge(EMAIL).mfaToken());
      List<Concurrently.Outcome<Authenticate.Authenticated>> outcomes = Concurrently.call(2, i ->
          (i == 0 ? t : otherNode).keyhold.accounts().completeMfaLogin(
              new CompleteMfaLogin.Command(tokens.get(i), MfaChallenge.TOTP, code, CLIENT)));

      assertThat(outcomes.stream().filter(Concurrently.Outcome::succeeded)).as("round %s", round).hasSize(1);
    }
  }

  @Test
  void an_mfa_token_is_single_use_and_bound_to_its_user() {
    String secret = enableTotp(ada);
    Actor grace = t.signUp("grace@example.com");
    String graceSecret = enableTotp(grace);
    Authenticate.MfaRequired adas = challenge(EMAIL);
    Authenticate.MfaRequired graces = challenge("grace@example.com");

    assertThat(code(() -> finish(graces.mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0))))
        .as("grace's token with ada's code").isEqualTo("invalid_mfa_code");
    Authenticate.Authenticated signedIn = finish(adas.mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0));
    assertThat(signedIn.userId()).isEqualTo(ada.userId());
    assertThat(code(() -> finish(adas.mfaToken(), MfaChallenge.TOTP, codeAt(secret, 1))))
        .as("reused").isEqualTo("invalid_mfa_token");
    assertThat(finish(graces.mfaToken(), MfaChallenge.TOTP, codeAt(graceSecret, 0)).userId())
        .isEqualTo(grace.userId());
    assertThat(code(() -> finish("not-a-token", MfaChallenge.TOTP, "123456"))).isEqualTo("invalid_mfa_token");
    assertThat(code(() -> finish("x".repeat(MfaChallenge.MAX_TOKEN_LENGTH + 1), MfaChallenge.TOTP, "123456")))
        .isEqualTo("invalid_mfa_token");
  }

  @Test
  void an_mfa_token_expires_after_five_minutes() {
    String secret = enableTotp(ada);
    Authenticate.MfaRequired challenge = challenge(EMAIL);

    t.clock.advance(MfaChallenge.LIFETIME);

    assertThat(code(() -> finish(challenge.mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0))))
        .isEqualTo("invalid_mfa_token");
  }

  @Test
  void wrong_codes_count_toward_lockout_and_five_kill_the_mfa_token() {
    String secret = enableTotp(ada);
    String wrong = codeAt(secret, 0).equals("000000") ? "111111" : "000000";
    Authenticate.MfaRequired challenge = challenge(EMAIL);

    for (int i = 0; i < MfaChallenge.MAX_FAILED_CODES; i++) {
      assertThat(code(() -> finish(challenge.mfaToken(), MfaChallenge.TOTP, wrong))).isEqualTo("invalid_mfa_code");
    }

    assertThat(code(() -> finish(challenge.mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0))))
        .as("the token died with its fifth wrong code").isEqualTo("invalid_mfa_token");
    assertThat(code(() -> login(EMAIL))).as("five failures lock the account").isEqualTo("too_many_attempts");
    assertThat(actions()).contains("mfa.challenge_failed", "login.locked");
  }

  @Test
  void a_correct_password_alone_does_not_reset_the_lockout_of_an_account_with_two_factor() {
    String secret = enableTotp(ada);
    String wrong = codeAt(secret, 0).equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 4; i++) {
      String token = challenge(EMAIL).mfaToken();
      assertThat(code(() -> finish(token, MfaChallenge.TOTP, wrong))).isEqualTo("invalid_mfa_code");
    }
    String token = challenge(EMAIL).mfaToken();

    assertThat(code(() -> finish(token, MfaChallenge.TOTP, wrong))).isEqualTo("invalid_mfa_code");
    assertThat(code(() -> login(EMAIL))).isEqualTo("too_many_attempts");
  }

  @Test
  void a_method_the_challenge_does_not_offer_is_refused_without_using_up_the_token() {
    String secret = enableTotp(ada);
    Authenticate.MfaRequired challenge = challenge(EMAIL);

    assertThat(code(() -> finish(challenge.mfaToken(), "sms", "123456"))).isEqualTo("validation_failed");
    assertThat(code(() -> finish(challenge.mfaToken(), MfaChallenge.TOTP, "1".repeat(65))))
        .isEqualTo("validation_failed");
    assertThat(finish(challenge.mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0)).userId()).isEqualTo(ada.userId());
  }

  @Test
  void a_recovery_code_signs_in_once_with_amr_pwd_mfa() {
    List<String> codes = enableTotpWithCodes(ada);
    String first = codes.get(0);

    Authenticate.Authenticated session =
        finish(challenge(EMAIL).mfaToken(), MfaChallenge.RECOVERY_CODE, first.toUpperCase().replace("-", " "));

    assertThat(t.keyhold.sessions().authenticate(session.tokens().accessToken()).authMethods())
        .containsExactly("pwd", "mfa");
    assertThat(code(() -> finish(challenge(EMAIL).mfaToken(), MfaChallenge.RECOVERY_CODE, first)))
        .isEqualTo("invalid_mfa_code");
    assertThat(t.stores.recoveryCodes().remaining(ada.userId())).isEqualTo(RecoveryCodes.COUNT - 1);
    assertThat(actions()).contains("mfa.recovery_code_used");
  }

  @Test
  void replacing_recovery_codes_needs_a_totp_code_and_ends_the_old_set() {
    String secret;
    Enrolment enrolment = start(ada);
    secret = enrolment.secret();
    List<String> old = t.keyhold.twoFactor()
        .confirmTotpEnrolment(new ConfirmTotpEnrolment.Command(ada, codeAt(secret, -1))).codes();

    assertThat(code(() -> t.keyhold.twoFactor().replaceRecoveryCodes(new ReplaceRecoveryCodes.Command(ada, old.get(0)))))
        .as("a recovery code does not replace the set").isEqualTo("invalid_mfa_code");
    List<String> fresh = t.keyhold.twoFactor()
        .replaceRecoveryCodes(new ReplaceRecoveryCodes.Command(ada, codeAt(secret, 0))).codes();

    assertThat(fresh).hasSize(RecoveryCodes.COUNT).doesNotContainAnyElementsOf(old);
    assertThat(code(() -> finish(challenge(EMAIL).mfaToken(), MfaChallenge.RECOVERY_CODE, old.get(1))))
        .isEqualTo("invalid_mfa_code");
    assertThat(finish(challenge(EMAIL).mfaToken(), MfaChallenge.RECOVERY_CODE, fresh.get(1))).isNotNull();
    assertThat(actions()).contains("mfa.recovery_codes_replaced");
  }

  @Test
  void turning_it_off_needs_the_password_and_a_code_and_mails_a_notice() {
    List<String> codes = enableTotpWithCodes(ada);

    assertThat(code(() -> t.keyhold.twoFactor().disableTotp(new DisableTotp.Command(ada, "wrong", codes.get(0)))))
        .isEqualTo("invalid_credentials");
    assertThat(code(() -> t.keyhold.twoFactor().disableTotp(new DisableTotp.Command(ada, PASSWORD, "000000x"))))
        .isEqualTo("invalid_mfa_code");
    t.keyhold.twoFactor().disableTotp(new DisableTotp.Command(ada, PASSWORD, codes.get(0)));

    assertThat(login(EMAIL)).isInstanceOf(Authenticate.Authenticated.class);
    assertThat(t.keyhold.accounts().profile(ada.userId()).mfaEnabled()).isFalse();
    assertThat(t.stores.recoveryCodes().remaining(ada.userId())).isZero();
    assertThat(t.mail()).last().satisfies(m -> assertThat(m.subject()).contains("turned off"));
    assertThat(code(() -> t.keyhold.twoFactor().disableTotp(new DisableTotp.Command(ada, PASSWORD, codes.get(1)))))
        .isEqualTo("mfa_not_enabled");
  }

  @Test
  void a_password_reset_keeps_two_factor() {
    String secret = enableTotp(ada);
    t.keyhold.accounts().requestPasswordReset(new ResetPassword.Request(EMAIL, CLIENT));
    String token = t.lastLinkTokenTo(EMAIL);
    t.keyhold.accounts().confirmPasswordReset(new ResetPassword.Confirmation(token, "a new and long passphrase", CLIENT));

    Authenticate.LoginResult result =
        t.keyhold.accounts().login(new Authenticate.Command(EMAIL, "a new and long passphrase", CLIENT));

    assertThat(result).isInstanceOf(Authenticate.MfaRequired.class);
    assertThat(finish(((Authenticate.MfaRequired) result).mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0)))
        .isNotNull();
  }

  @Test
  void a_wrong_password_says_nothing_about_two_factor() {
    enableTotp(ada);

    assertThat(code(() -> t.keyhold.accounts().login(new Authenticate.Command(EMAIL, "wrong", CLIENT))))
        .isEqualTo("invalid_credentials");
    assertThat(code(() -> t.keyhold.accounts().login(new Authenticate.Command("nobody@example.com", "wrong",
        CLIENT)))).isEqualTo("invalid_credentials");
  }

  @Test
  void an_organization_that_requires_two_factor_refuses_tokens_to_password_only_sessions() {
    String secret = enableTotp(ada);
    OrgId org = t.keyhold.organizations()
        .create(new CreateOrganization.Command(ada, "Acme", "acme")).id();

    assertThatThrownBy(() -> t.keyhold.organizations().update(new UpdateOrganization.Command(ada, org, null, null,
        true))).as("the owner's own session lacks a second factor").isInstanceOf(MfaRequiredException.class);

    Authenticate.Authenticated strong = finish(challenge(EMAIL).mfaToken(), MfaChallenge.TOTP, codeAt(secret, 0));
    Actor strongAda = new Actor(ada.userId(), strong.tokens().sessionId(), CLIENT);
    assertThat(t.keyhold.organizations().update(new UpdateOrganization.Command(strongAda, org, null, null, true))
        .requireMfa()).isTrue();

    assertThat(code(() -> t.keyhold.organizations().issueToken(new IssueOrganizationToken.Command(ada, org))))
        .isEqualTo("mfa_required");
    assertThat(t.keyhold.organizations().issueToken(new IssueOrganizationToken.Command(strongAda, org)).accessToken())
        .isNotBlank();
  }

  @Test
  void only_the_owner_changes_the_two_factor_requirement() {
    OrgId org = t.keyhold.organizations().create(new CreateOrganization.Command(ada, "Acme", "acme")).id();
    t.grantAdmin(EMAIL);
    Actor admin = t.signUp("root@example.com");
    t.grantAdmin("root@example.com");

    assertThat(code(() -> t.keyhold.organizations().update(new UpdateOrganization.Command(admin, org, null, null,
        false)))).as("a platform admin is not the owner").isIn("forbidden", "not_found");
    assertThat(t.keyhold.organizations().update(new UpdateOrganization.Command(ada, org, "Acme Inc", null))
        .requireMfa()).isFalse();
  }

  @Test
  void an_administrator_resets_a_users_two_factor_and_the_user_is_mailed() {
    enableTotp(ada);
    Actor admin = t.signUp("root@example.com");
    t.grantAdmin("root@example.com");

    assertThat(t.keyhold.administration().resetMfa(new ResetUserMfa.Command(admin, ada.userId()))).isTrue();

    assertThat(login(EMAIL)).isInstanceOf(Authenticate.Authenticated.class);
    assertThat(t.stores.recoveryCodes().remaining(ada.userId())).isZero();
    assertThat(t.mail().stream().filter(m -> m.to().equals(EMAIL)).map(Mailer.Message::subject))
        .anySatisfy(subject -> assertThat(subject).contains("removed"));
    assertThat(actions()).contains("mfa.reset_by_admin");
    assertThat(code(() -> t.keyhold.administration().resetMfa(new ResetUserMfa.Command(ada, admin.userId()))))
        .as("a user without users:write").isEqualTo("forbidden");
    assertThat(code(() -> t.keyhold.administration().resetMfa(
        new ResetUserMfa.Command(admin, new UserId(java.util.UUID.randomUUID()))))).isEqualTo("not_found");
  }

  @Test
  void users_without_two_factor_log_in_as_before_with_no_extra_secret_drawn() {
    int secretsBefore = t.secrets.secrets.get();

    assertThat(login(EMAIL)).isInstanceOf(Authenticate.Authenticated.class);

    assertThat(t.secrets.secrets.get() - secretsBefore).as("only the refresh token's secret").isEqualTo(1);
  }
}
