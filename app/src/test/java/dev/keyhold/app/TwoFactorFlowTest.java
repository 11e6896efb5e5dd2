package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.spi.Mailer;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two-factor sign-in end to end: the real server, the real core, PostgreSQL, real HTTP and the real clock, with codes
 * computed as an authenticator app computes them ({@link Authenticator}). Enrolment and confirmation, the login's
 * second step and its refusals, the OAuth password grant, organizations that require a second factor, an
 * administrator's reset, a password reset, turning it off and replacing the recovery codes, and the mail each sends.
 */
class TwoFactorFlowTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String ADMIN_EMAIL = "root@mfa.example.com";
  /** Below {@code MfaChallenge.MAX_FAILED_CODES}, so that the lockout, not the dead token, answers the next try. */
  private static final int LOCKOUT_FAILURES = MfaChallenge.MAX_FAILED_CODES - 1;

  @RegisterExtension
  static final RunningServer server = new RunningServer(Map.of(
      "BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL, "BOOTSTRAP_ADMIN_PASSWORD", PASSWORD,
      "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1",
      "LOCKOUT_MAX_FAILURES", Integer.toString(LOCKOUT_FAILURES),
      // some accounts sign in and give codes many times a minute; the limits have tests of their own
      "RATE_LIMIT_LOGIN_ACCOUNT", "100000/1m", "RATE_LIMIT_MFA_ACCOUNT", "100000/1m",
      "RATE_LIMIT_RESET_IP", "100000/1m"));

  private static ApiClient api;
  private static CapturingMailer mail;

  @BeforeAll
  static void connect() {
    api = server.api();
    mail = server.mail();
  }

  /** A user whose two-factor sign-in is on: the app holding the secret, and the recovery codes. */
  record Enrolled(Authenticator app, List<String> recoveryCodes) {}

  @Test
  void a_user_enrols_confirms_and_from_then_on_signs_in_with_a_code() throws ParseException {
    String email = "ada@mfa.example.com";
    ApiClient.Response first = signUp(email);
    String access = first.text("access_token");
    ApiClient.Response other = login(email, PASSWORD);
    assertThat(api.get("/api/v1/me", access).body().get("mfa_enabled").asBoolean()).isFalse();
    assertThat(amr(access)).containsExactly("pwd");

    ApiClient.Response started = api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), access);
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    assertThat(started.header("Cache-Control")).isEqualTo("no-store");
    String secret = started.text("secret");
    assertThat(secret).matches("[A-Z2-7]{32}");
    URI otpauth = URI.create(started.text("otpauth_uri"));
    assertThat(otpauth.getScheme()).isEqualTo("otpauth");
    assertThat(otpauth.getHost()).isEqualTo("totp");
    assertThat(URLDecoder.decode(otpauth.getRawPath(), StandardCharsets.UTF_8)).endsWith(":" + email);
    assertThat(query(otpauth)).containsEntry("secret", secret).containsEntry("algorithm", "SHA1")
        .containsEntry("digits", "6").containsEntry("period", "30").containsKey("issuer");
    assertThat(started.text("qr_svg")).contains("<svg");
    assertThat(login(email, PASSWORD).status()).as("a pending enrolment changes nothing at login").isEqualTo(200);
    assertThat(api.get("/api/v1/me", access).body().get("mfa_enabled").asBoolean()).isFalse();

    Authenticator app = new Authenticator(secret);
    ApiClient.Response wrongCode = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.wrongCode()), access);
    assertThat(wrongCode.status()).isEqualTo(401);
    assertThat(wrongCode.text("code")).isEqualTo("invalid_mfa_code");
    int mailBefore = mail.sentTo(email).size();
    ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), access);
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    assertThat(confirmed.header("Cache-Control")).isEqualTo("no-store");
    List<String> recoveryCodes = texts(confirmed.body().get("recovery_codes"));
    assertThat(recoveryCodes).hasSize(RecoveryCodes.COUNT).doesNotHaveDuplicates();
    assertThat(mail.sentTo(email)).as("a notice that two-factor sign-in is on").hasSize(mailBefore + 1);
    assertNoSecretIsMailed(email, secret, recoveryCodes);
    assertThat(api.post("/api/v1/refresh", Map.of("refresh_token", other.text("refresh_token"))).status())
        .as("the other sessions ended").isEqualTo(401);
    assertThat(api.get("/api/v1/me", access).body().get("mfa_enabled").asBoolean())
        .as("the caller's own session goes on").isTrue();
    assertThat(api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), access).text("code"))
        .isEqualTo("mfa_already_enabled");
    assertThat(api.post("/api/v1/logout", Map.of("refresh_token", first.text("refresh_token"))).status())
        .isEqualTo(204);

    ApiClient.Response challenge = login(email, PASSWORD);
    assertThat(challenge.status()).isEqualTo(200);
    assertThat(challenge.header("Cache-Control")).isEqualTo("no-store");
    assertThat(challenge.body().get("mfa_required").asBoolean()).isTrue();
    assertThat(challenge.body().get("expires_in").asLong()).isEqualTo(MfaChallenge.LIFETIME.toSeconds());
    assertThat(texts(challenge.body().get("methods"))).containsExactly("totp", "recovery_code");
    assertThat(challenge.body().has("access_token")).isFalse();
    assertThat(challenge.body().has("refresh_token")).isFalse();
    String mfaToken = challenge.text("mfa_token");

    String code = app.nextCode();
    ApiClient.Response signedIn = api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken, "code", code));
    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
    assertThat(signedIn.header("Cache-Control")).isEqualTo("no-store");
    assertThat(amr(signedIn.text("access_token"))).containsExactly("pwd", "otp");
    assertThat(api.get("/api/v1/me", signedIn.text("access_token")).body().get("mfa_enabled").asBoolean()).isTrue();
    ApiClient.Response refreshed = api.post("/api/v1/refresh", Map.of("refresh_token", signedIn.text("refresh_token")));
    assertThat(amr(refreshed.text("access_token"))).as("a refresh keeps the session's methods")
        .containsExactly("pwd", "otp");

    ApiClient.Response reused = api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken, "code", app.wrongCode()));
    assertThat(reused.status()).isEqualTo(401);
    assertThat(reused.text("code")).as("an mfa_token works once").isEqualTo("invalid_mfa_token");

    ApiClient.Response replayed = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", login(email, PASSWORD).text("mfa_token"), "code", code));
    assertThat(replayed.status()).isEqualTo(401);
    assertThat(replayed.text("code")).as("a code works once").isEqualTo("invalid_mfa_code");

    String recovery = recoveryCodes.get(0);
    ApiClient.Response byRecovery = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", login(email, PASSWORD).text("mfa_token"), "recovery_code", recovery.toUpperCase()));
    assertThat(byRecovery.status()).as(byRecovery.toString()).isEqualTo(200);
    assertThat(amr(byRecovery.text("access_token"))).containsExactly("pwd", "mfa");
    ApiClient.Response recoveryAgain = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", login(email, PASSWORD).text("mfa_token"), "recovery_code", recovery));
    assertThat(recoveryAgain.status()).isEqualTo(401);
    assertThat(recoveryAgain.text("code")).as("a recovery code works once").isEqualTo("invalid_mfa_code");
  }

  @Test
  void starting_an_enrolment_needs_the_current_password() {
    String access = signUp("careless@mfa.example.com").text("access_token");

    ApiClient.Response wrong = api.post("/api/v1/me/mfa/totp", Map.of("current_password", "not my password"), access);

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.text("code")).isEqualTo("invalid_credentials");
    assertThat(wrong.body().has("secret")).isFalse();
    ApiClient.Response confirm = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", "123456"), access);
    assertThat(confirm.status()).isEqualTo(409);
    assertThat(confirm.text("code")).as("nothing was started").isEqualTo("mfa_not_enabled");
  }

  @Test
  void only_a_correct_password_reveals_that_an_account_has_two_factor_sign_in() {
    String email = "quiet@mfa.example.com";
    enrol(email);

    ApiClient.Response wrong = login(email, "not the password at all");
    ApiClient.Response unknown = login("nobody@mfa.example.com", "not the password at all");

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.text("code")).isEqualTo("invalid_credentials");
    for (String field : List.of("status", "code", "title", "detail", "type")) {
      assertThat(wrong.text(field)).as(field).isEqualTo(unknown.text(field));
    }
    assertThat(wrong.body().has("mfa_token")).isFalse();
  }

  @Test
  void wrong_codes_count_toward_the_accounts_lockout() {
    String email = "guesser@mfa.example.com";
    Enrolled enrolled = enrol(email);
    String mfaToken = login(email, PASSWORD).text("mfa_token");

    for (int i = 0; i < LOCKOUT_FAILURES; i++) {
      ApiClient.Response wrong = api.post("/api/v1/login/mfa",
          Map.of("mfa_token", mfaToken, "code", enrolled.app().wrongCode()));
      assertThat(wrong.status()).as("wrong code %d: %s", i + 1, wrong).isEqualTo(401);
      assertThat(wrong.text("code")).isEqualTo("invalid_mfa_code");
    }

    ApiClient.Response right = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", mfaToken, "code", enrolled.app().nextCode()));
    assertThat(right.status()).as("even the right code, once locked: %s", right).isEqualTo(429);
    assertThat(right.text("code")).isEqualTo("too_many_attempts");
    assertThat(right.header("Retry-After")).isNotNull();
    ApiClient.Response password = login(email, PASSWORD);
    assertThat(password.status()).as("the account is locked for passwords too").isEqualTo(429);
    assertThat(password.text("code")).isEqualTo("too_many_attempts");
  }

  @Test
  void an_mfa_token_finishes_only_its_own_users_login() {
    Enrolled ada = enrol("alice@mfa.example.com");
    enrol("bob@mfa.example.com");
    String bobsToken = login("bob@mfa.example.com", PASSWORD).text("mfa_token");

    ApiClient.Response withAlicesCode = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", bobsToken, "code", ada.app().nextCode()));
    assertThat(withAlicesCode.status()).isEqualTo(401);
    assertThat(withAlicesCode.text("code")).isEqualTo("invalid_mfa_code");
    assertThat(withAlicesCode.body().has("access_token")).isFalse();

    ApiClient.Response withAlicesRecoveryCode = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", bobsToken, "recovery_code", ada.recoveryCodes().get(0)));
    assertThat(withAlicesRecoveryCode.status()).isEqualTo(401);
    assertThat(withAlicesRecoveryCode.text("code")).isEqualTo("invalid_mfa_code");

    ApiClient.Response forged = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", "made-up-" + bobsToken, "code", ada.app().nextCode()));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.text("code")).isEqualTo("invalid_mfa_token");
  }

  @Test
  void the_password_grant_answers_403_mfa_required_and_the_client_finishes_at_login_mfa() throws ParseException {
    String email = "oauth@mfa.example.com";
    Enrolled enrolled = enrol(email);

    ApiClient.Response grant = api.postForm("/api/v1/token", "grant_type=password&username="
        + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    assertThat(grant.status()).as(grant.toString()).isEqualTo(403);
    assertThat(grant.header("Cache-Control")).isEqualTo("no-store");
    assertThat(grant.text("error")).isEqualTo("mfa_required");
    assertThat(grant.text("error_description")).isNotBlank();
    assertThat(grant.body().get("expires_in").asLong()).isEqualTo(MfaChallenge.LIFETIME.toSeconds());
    assertThat(texts(grant.body().get("methods"))).containsExactly("totp", "recovery_code");
    assertThat(grant.body().has("access_token")).isFalse();

    ApiClient.Response signedIn = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", grant.text("mfa_token"), "code", enrolled.app().nextCode()));
    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
    assertThat(amr(signedIn.text("access_token"))).containsExactly("pwd", "otp");
  }

  @Test
  void an_organization_that_requires_two_factor_refuses_password_only_sessions() throws ParseException {
    String ownerEmail = "owner@mfa.example.com";
    String passwordOnly = signUp(ownerEmail).text("access_token");
    String org = api.post("/api/v1/orgs", Map.of("name", "Strict", "slug", "strict-mfa"), passwordOnly).text("id");
    assertThat(api.get("/api/v1/orgs/" + org, passwordOnly).body().get("require_mfa").asBoolean()).isFalse();
    String memberEmail = "member@mfa.example.com";
    String member = signUp(memberEmail).text("access_token");
    assertThat(api.post("/api/v1/orgs/" + org + "/invite", Map.of("email", memberEmail, "role", "member"),
        passwordOnly).status()).isEqualTo(201);
    assertThat(api.post("/api/v1/invitations/accept", Map.of("token", mail.lastTokenSentTo(memberEmail)), member)
        .status()).isEqualTo(200);
    Authenticator app = enrolWith(passwordOnly).app();

    ApiClient.Response refused = api.send("PATCH", "/api/v1/orgs/" + org, Map.of("require_mfa", true), passwordOnly);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    assertThat(refused.text("code")).isEqualTo("mfa_required");
    assertThat(api.get("/api/v1/orgs/" + org, passwordOnly).body().get("require_mfa").asBoolean()).isFalse();

    String withOtp = api.post("/api/v1/login/mfa", Map.of("mfa_token", login(ownerEmail, PASSWORD).text("mfa_token"),
        "code", app.nextCode())).text("access_token");
    assertThat(amr(withOtp)).containsExactly("pwd", "otp");
    ApiClient.Response turnedOn = api.send("PATCH", "/api/v1/orgs/" + org, Map.of("require_mfa", true), withOtp);
    assertThat(turnedOn.status()).as(turnedOn.toString()).isEqualTo(200);
    assertThat(turnedOn.body().get("require_mfa").asBoolean()).isTrue();
    ApiClient.Response byMember = api.send("PATCH", "/api/v1/orgs/" + org, Map.of("require_mfa", false), member);
    assertThat(byMember.status()).as("members do not change it").isEqualTo(403);

    ApiClient.Response ownerWithoutOtp = api.post("/api/v1/orgs/" + org + "/token", Map.of(), passwordOnly);
    assertThat(ownerWithoutOtp.status()).as(ownerWithoutOtp.toString()).isEqualTo(403);
    assertThat(ownerWithoutOtp.text("code")).isEqualTo("mfa_required");
    ApiClient.Response memberWithoutOtp = api.post("/api/v1/orgs/" + org + "/token", Map.of(), member);
    assertThat(memberWithoutOtp.status()).isEqualTo(403);
    assertThat(memberWithoutOtp.text("code")).isEqualTo("mfa_required");
    ApiClient.Response ownerWithOtp = api.post("/api/v1/orgs/" + org + "/token", Map.of(), withOtp);
    assertThat(ownerWithOtp.status()).as(ownerWithOtp.toString()).isEqualTo(200);
    assertThat(ownerWithOtp.text("org_id")).isEqualTo(org);
    assertThat(api.get("/api/v1/orgs", member).body().at("/items/0/require_mfa").asBoolean()).isTrue();
  }

  @Test
  void an_administrators_reset_lets_the_user_sign_in_with_the_password_alone_and_tells_them() {
    String email = "lost.phone@mfa.example.com";
    enrol(email);
    String userId = userId(email);
    String admin = login(ADMIN_EMAIL, PASSWORD).text("access_token");
    String stranger = signUp("stranger@mfa.example.com").text("access_token");

    ApiClient.Response notAllowed = api.send("DELETE", "/api/v1/admin/users/" + userId + "/mfa", null, stranger);
    assertThat(notAllowed.status()).isEqualTo(403);
    assertThat(login(email, PASSWORD).body().get("mfa_required").asBoolean()).isTrue();

    int mailBefore = mail.sentTo(email).size();
    ApiClient.Response reset = api.send("DELETE", "/api/v1/admin/users/" + userId + "/mfa", null, admin);
    assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
    assertThat(mail.sentTo(email)).as("the user is told").hasSize(mailBefore + 1);

    ApiClient.Response login = login(email, PASSWORD);
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.text("access_token")).as(login.toString()).isNotBlank();
    assertThat(api.get("/api/v1/me", login.text("access_token")).body().get("mfa_enabled").asBoolean()).isFalse();
    assertThat(api.send("DELETE", "/api/v1/admin/users/" + userId + "/mfa", null, admin).status())
        .as("idempotent").isEqualTo(204);
  }

  @Test
  void a_password_reset_keeps_two_factor_sign_in() {
    String email = "forgetful@mfa.example.com";
    enrol(email);
    String newPassword = "a brand new passphrase 2026";

    assertThat(api.post("/api/v1/password-reset/request", Map.of("email", email)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/password-reset/confirm",
        Map.of("token", mail.lastTokenSentTo(email), "new_password", newPassword)).status()).isEqualTo(204);

    ApiClient.Response login = login(email, newPassword);
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body().get("mfa_required").asBoolean()).as(login.toString()).isTrue();
    assertThat(login.body().has("access_token")).isFalse();
  }

  @Test
  void turning_it_off_needs_the_password_and_a_code_and_tells_the_user() {
    String email = "done@mfa.example.com";
    Enrolled enrolled = enrol(email);
    String access = signIn(email, enrolled);

    ApiClient.Response wrongPassword = api.send("DELETE", "/api/v1/me/mfa/totp",
        Map.of("current_password", "not the password at all", "code", enrolled.app().wrongCode()), access);
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(wrongPassword.text("code")).isEqualTo("invalid_credentials");
    ApiClient.Response wrongCode = api.send("DELETE", "/api/v1/me/mfa/totp",
        Map.of("current_password", PASSWORD, "code", enrolled.app().wrongCode()), access);
    assertThat(wrongCode.status()).isEqualTo(401);
    assertThat(wrongCode.text("code")).isEqualTo("invalid_mfa_code");

    int mailBefore = mail.sentTo(email).size();
    ApiClient.Response off = api.send("DELETE", "/api/v1/me/mfa/totp",
        Map.of("current_password", PASSWORD, "code", enrolled.app().nextCode()), access);
    assertThat(off.status()).as(off.toString()).isEqualTo(204);
    assertThat(mail.sentTo(email)).as("a notice that two-factor sign-in is off").hasSize(mailBefore + 1);
    assertThat(api.get("/api/v1/me", access).body().get("mfa_enabled").asBoolean()).isFalse();
    assertThat(login(email, PASSWORD).text("access_token")).isNotBlank();
    ApiClient.Response again = api.send("DELETE", "/api/v1/me/mfa/totp",
        Map.of("current_password", PASSWORD, "code", "123456"), access);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text("code")).isEqualTo("mfa_not_enabled");
  }

  @Test
  void a_recovery_code_also_turns_it_off() {
    String email = "no.phone@mfa.example.com";
    Enrolled enrolled = enrol(email);
    String access = signIn(email, enrolled);

    ApiClient.Response off = api.send("DELETE", "/api/v1/me/mfa/totp",
        Map.of("current_password", PASSWORD, "code", enrolled.recoveryCodes().get(3)), access);

    assertThat(off.status()).as(off.toString()).isEqualTo(204);
    assertThat(login(email, PASSWORD).text("access_token")).isNotBlank();
  }

  @Test
  void replacing_the_recovery_codes_retires_the_old_ones() {
    String email = "careful@mfa.example.com";
    Enrolled enrolled = enrol(email);
    String access = signIn(email, enrolled);

    ApiClient.Response replaced = api.post("/api/v1/me/mfa/recovery-codes",
        Map.of("code", enrolled.app().nextCode()), access);
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(replaced.header("Cache-Control")).isEqualTo("no-store");
    List<String> fresh = texts(replaced.body().get("recovery_codes"));
    assertThat(fresh).hasSize(RecoveryCodes.COUNT).doesNotContainAnyElementsOf(enrolled.recoveryCodes());

    ApiClient.Response old = api.post("/api/v1/login/mfa", Map.of("mfa_token",
        login(email, PASSWORD).text("mfa_token"), "recovery_code", enrolled.recoveryCodes().get(1)));
    assertThat(old.status()).isEqualTo(401);
    assertThat(old.text("code")).isEqualTo("invalid_mfa_code");
    ApiClient.Response withFresh = api.post("/api/v1/login/mfa", Map.of("mfa_token",
        login(email, PASSWORD).text("mfa_token"), "recovery_code", fresh.get(1)));
    assertThat(withFresh.status()).as(withFresh.toString()).isEqualTo(200);
  }

  @Test
  void a_malformed_second_step_is_refused_as_validation_failed_and_costs_nothing() {
    String email = "sloppy@mfa.example.com";
    Enrolled enrolled = enrol(email);
    String mfaToken = login(email, PASSWORD).text("mfa_token");

    ApiClient.Response both = api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken, "code", "123456",
        "recovery_code", enrolled.recoveryCodes().get(0)));
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.text("code")).isEqualTo("validation_failed");
    assertThat(both.body().at("/errors/0/field").asText()).isEqualTo("recovery_code");
    ApiClient.Response neither = api.post("/api/v1/login/mfa", Map.of("mfa_token", mfaToken));
    assertThat(neither.body().at("/errors/0/field").asText()).isEqualTo("code");

    ApiClient.Response signedIn = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", mfaToken, "code", enrolled.app().nextCode()));
    assertThat(signedIn.status()).as("the mfa_token is still good: %s", signedIn).isEqualTo(200);
  }

  // ---- helpers

  /** Registers, verifies and enrols {@code email}. */
  private static Enrolled enrol(String email) {
    return enrolWith(signUp(email).text("access_token"));
  }

  /** Starts and confirms an enrolment for the caller of {@code access}. */
  private static Enrolled enrolWith(String access) {
    ApiClient.Response started = api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), access);
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    Authenticator app = new Authenticator(started.text("secret"));
    ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), access);
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    return new Enrolled(app, texts(confirmed.body().get("recovery_codes")));
  }

  /** Both steps of a login; the access token. */
  private static String signIn(String email, Enrolled enrolled) {
    ApiClient.Response challenge = login(email, PASSWORD);
    assertThat(challenge.body().get("mfa_required").asBoolean()).as(challenge.toString()).isTrue();
    ApiClient.Response signedIn = api.post("/api/v1/login/mfa",
        Map.of("mfa_token", challenge.text("mfa_token"), "code", enrolled.app().nextCode()));
    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
    return signedIn.text("access_token");
  }

  private static ApiClient.Response signUp(String email) {
    assertThat(api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(202);
    assertThat(api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email))).status())
        .isEqualTo(200);
    ApiClient.Response login = login(email, PASSWORD);
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login;
  }

  private static ApiClient.Response login(String email, String password) {
    return api.post("/api/v1/login", Map.of("email", email, "password", password));
  }

  private static String userId(String email) {
    String admin = login(ADMIN_EMAIL, PASSWORD).text("access_token");
    JsonNode users = api.get("/api/v1/admin/users?email_prefix=" + URLEncoder.encode(email, StandardCharsets.UTF_8),
        admin).body().get("items");
    assertThat(users).hasSize(1);
    return users.get(0).get("id").asText();
  }

  /** The {@code amr} claim of an access token. */
  private static List<String> amr(String accessToken) throws ParseException {
    Object amr = JWSObject.parse(accessToken).getPayload().toJSONObject().get("amr");
    List<String> methods = new ArrayList<>();
    ((List<?>) amr).forEach(method -> methods.add(method.toString()));
    return methods;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new java.util.LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(value -> texts.add(value.asText()));
    return texts;
  }

  /** No mail to {@code email} holds the TOTP secret or a recovery code. */
  private static void assertNoSecretIsMailed(String email, String secret, List<String> recoveryCodes) {
    for (Mailer.Message message : mail.sentTo(email)) {
      String text = message.subject() + "\n" + message.textBody() + "\n" + message.htmlBody();
      assertThat(text).doesNotContain(secret);
      recoveryCodes.forEach(code -> assertThat(text).doesNotContain(code));
    }
  }
}
