package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/**
 * Accounts made over the real API for tests that need users with sessions and two-factor sign-in: sign-up with the
 * mailed verification, enrolment of an authenticator app ({@link Authenticator}), and both steps of a login.
 */
final class SignUps {

  static final String PASSWORD = "correct horse battery staple";

  private SignUps() {}

  /** Registers {@code email}, verifies it with the mailed token and logs in; the login's answer. */
  static ApiClient.Response signUp(ApiClient api, CapturingMailer mail, String email) {
    ApiClient.Response registered = api.post("/api/v1/register", Map.of("email", email, "password", PASSWORD));
    assertThat(registered.status()).as(registered.toString()).isEqualTo(202);
    ApiClient.Response verified = api.post("/api/v1/verify-email", Map.of("token", mail.lastTokenSentTo(email)));
    assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
    ApiClient.Response login = login(api, email);
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return login;
  }

  /** Starts an enrolment for the caller of {@code access} and leaves it pending; the app holding its secret. */
  static Authenticator startEnrolment(ApiClient api, String access) {
    ApiClient.Response started = api.post("/api/v1/me/mfa/totp", Map.of("current_password", PASSWORD), access);
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    return new Authenticator(started.text("secret"));
  }

  /** Enrols and confirms an authenticator app for the caller of {@code access}. */
  static Authenticator enrol(ApiClient api, String access) {
    Authenticator app = startEnrolment(api, access);
    ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/confirm", Map.of("code", app.nextCode()), access);
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    return app;
  }

  /** Both steps of a two-factor login with the app's next code; the answer of the second. */
  static ApiClient.Response signIn(ApiClient api, String email, Authenticator app) {
    ApiClient.Response challenge = login(api, email);
    assertThat(challenge.status()).as(challenge.toString()).isEqualTo(200);
    assertThat(challenge.body().get("mfa_required").asBoolean()).as(challenge.toString()).isTrue();
    return api.post("/api/v1/login/mfa", Map.of("mfa_token", challenge.text("mfa_token"), "code", app.nextCode()));
  }

  static ApiClient.Response login(ApiClient api, String email) {
    return api.post("/api/v1/login", Map.of("email", email, "password", PASSWORD));
  }
}
