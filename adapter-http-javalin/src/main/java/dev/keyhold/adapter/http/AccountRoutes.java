package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.NotFoundException;
import dev.keyhold.identity.error.ValidationException.Violation;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.mfa.MfaChallenge;
import dev.keyhold.identity.model.mfa.RecoveryCodes;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.ChangeEmail;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmEmailChange;
import dev.keyhold.identity.usecase.DeleteAccount;
import dev.keyhold.identity.usecase.EndSession;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.ListSessions;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.LogoutEverywhere;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.Sessions;
import dev.keyhold.identity.usecase.UpdateProfile;
import dev.keyhold.identity.usecase.VerifyEmail;
import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The account and session endpoints under {@code /api/v1}, speaking JSON. */
final class AccountRoutes {

  static final String REGISTER_MESSAGE = "If the address can be registered, we have sent a verification link to it.";
  static final String RESEND_MESSAGE = "If the address has an unverified account, we have sent a new link.";
  static final String RESET_MESSAGE = "If the address has an account, we have sent a link to reset its password.";
  static final String CHANGE_EMAIL_MESSAGE = "We have mailed the new address a link: your address changes when it is "
      + "opened. Until then, sign in with your current address.";

  record RegisterRequest(String email, String password, @OptionalField String displayName) {
    @Override
    public String toString() {
      return "RegisterRequest[email=" + email + ", password=***]";
    }
  }

  record VerifyEmailRequest(String token) {
    @Override
    public String toString() {
      return "VerifyEmailRequest[token=***]";
    }
  }

  record ResendRequest(String email) {}

  record LoginRequest(String email, String password) {
    @Override
    public String toString() {
      return "LoginRequest[email=" + email + ", password=***]";
    }
  }

  /** The second step of a login: its {@code mfa_token} and exactly one of a TOTP code and a recovery code. */
  record MfaLoginRequest(String mfaToken, @OptionalField String code, @OptionalField String recoveryCode) {
    @Override
    public String toString() {
      return "MfaLoginRequest[mfaToken=***, code=" + (code == null ? null : "***") + ", recoveryCode="
          + (recoveryCode == null ? null : "***") + "]";
    }
  }

  record PasswordResetRequest(String email) {}

  record PasswordResetConfirmation(String token, String newPassword) {
    @Override
    public String toString() {
      return "PasswordResetConfirmation[token=***, newPassword=***]";
    }
  }

  record ChangePasswordRequest(String currentPassword, String newPassword) {
    @Override
    public String toString() {
      return "ChangePasswordRequest[currentPassword=***, newPassword=***]";
    }
  }

  /** {@code POST /me/email}: the new address, and the current password or {@code null} for a user without one. */
  record ChangeEmailRequest(String newEmail, @NullableField String currentPassword) {
    @Override
    public String toString() {
      return "ChangeEmailRequest[newEmail=***, currentPassword=***]";
    }
  }

  /** {@code POST /confirm-email}: the token of the link mailed to the new address. */
  record ConfirmEmailRequest(String token) {
    @Override
    public String toString() {
      return "ConfirmEmailRequest[token=***]";
    }
  }

  /** {@code PATCH /me}: the display name, required; {@code null} or blank removes it. */
  record UpdateProfileRequest(@NullableField String displayName) {}

  /** {@code DELETE /me}: the current password, or {@code null} for a user without one. */
  record DeleteAccountRequest(@NullableField String currentPassword) {
    @Override
    public String toString() {
      return "DeleteAccountRequest[currentPassword=***]";
    }
  }

  record RefreshTokenRequest(String refreshToken) {
    @Override
    public String toString() {
      return "RefreshTokenRequest[refreshToken=***]";
    }
  }

  record MessageResponse(String message) {}

  /** A login whose password was right, for an account with two-factor sign-in: no tokens yet. */
  record MfaRequiredResponse(boolean mfaRequired, String mfaToken, long expiresIn, List<String> methods) {

    static MfaRequiredResponse of(Authenticate.MfaRequired challenge) {
      return new MfaRequiredResponse(true, challenge.mfaToken(), challenge.expiresIn().toSeconds(),
          challenge.methods());
    }

    @Override
    public String toString() {
      return "MfaRequiredResponse[mfaToken=***, expiresIn=" + expiresIn + ", methods=" + methods + "]";
    }
  }

  record ProfileResponse(
      String id, String email, String displayName, boolean emailVerified, String status, String createdAt,
      boolean mfaEnabled) {

    static ProfileResponse of(GetProfile.Profile profile) {
      return new ProfileResponse(
          profile.id().toString(),
          profile.email(),
          profile.displayName(),
          profile.emailVerified(),
          profile.status().name().toLowerCase(Locale.ROOT),
          DateTimeFormatter.ISO_INSTANT.format(profile.createdAt()),
          profile.mfaEnabled());
    }
  }

  /** One of the caller's sessions in {@code GET /me/sessions}. */
  record SessionView(String id, String createdAt, String lastUsedAt, String ip, String userAgent, boolean current) {

    static SessionView of(ListSessions.Session session) {
      return new SessionView(session.id().toString(), Views.instant(session.createdAt()),
          Views.instant(session.lastUsedAt()), session.ipAddress(), session.userAgent(), session.current());
    }
  }

  private final JsonBodies bodies;
  private final Callers callers;
  private final Accounts accounts;
  private final Sessions sessions;
  private final RefreshCookie cookie;

  AccountRoutes(JsonBodies bodies, Callers callers, Accounts accounts, Sessions sessions, RefreshCookie cookie) {
    this.bodies = bodies;
    this.callers = callers;
    this.accounts = accounts;
    this.sessions = sessions;
    this.cookie = cookie;
  }

  /** 202 with one body whether or not the address already had an account, so the answer reveals nothing. */
  void register(Context ctx) {
    RegisterRequest request = bodies.read(ctx, RegisterRequest.class);
    RegisterAccount.Result result = accounts.register(new RegisterAccount.Command(
        request.email(), request.password(), request.displayName(), RequestScope.client(ctx)));
    if (!(result instanceof RegisterAccount.Created) && !(result instanceof RegisterAccount.AlreadyRegistered)) {
      throw new IllegalStateException(
          "unknown registration result " + (result == null ? "null" : result.getClass().getName()));
    }
    ctx.status(202).json(new MessageResponse(REGISTER_MESSAGE));
  }

  void verifyEmail(Context ctx) {
    VerifyEmailRequest request = bodies.read(ctx, VerifyEmailRequest.class);
    accounts.verifyEmail(new VerifyEmail.Command(request.token(), RequestScope.client(ctx)));
    ctx.status(200).json(Map.of("email_verified", true));
  }

  void resendVerification(Context ctx) {
    ResendRequest request = bodies.read(ctx, ResendRequest.class);
    accounts.resendVerification(new ResendVerification.Command(request.email(), RequestScope.client(ctx)));
    ctx.status(202).json(new MessageResponse(RESEND_MESSAGE));
  }

  /**
   * 202 with one body for every well-formed address, known or not. The link is the use case's to build: nothing of
   * the request but the body and {@link RequestScope#client} reaches it, so no {@code Host} header can steer it.
   */
  void requestPasswordReset(Context ctx) {
    PasswordResetRequest request = bodies.read(ctx, PasswordResetRequest.class);
    accounts.requestPasswordReset(new ResetPassword.Request(request.email(), RequestScope.client(ctx)));
    ctx.status(202).json(new MessageResponse(RESET_MESSAGE));
  }

  /** 204: the password is set and every session ended; the user signs in afresh, so no tokens are answered. */
  void confirmPasswordReset(Context ctx) {
    PasswordResetConfirmation request = bodies.read(ctx, PasswordResetConfirmation.class);
    accounts.confirmPasswordReset(
        new ResetPassword.Confirmation(request.token(), request.newPassword(), RequestScope.client(ctx)));
    ctx.status(204);
  }

  /** The caller's own password. Authentication comes before the body, as on every bearer endpoint. */
  void changePassword(Context ctx) {
    Actor actor = callers.actor(ctx);
    ChangePasswordRequest request = bodies.read(ctx, ChangePasswordRequest.class);
    int revoked = accounts.changePassword(
        new ChangePassword.Command(actor, request.currentPassword(), request.newPassword()));
    ctx.status(200).json(Map.of("revoked_sessions", revoked));
  }

  /**
   * 202 with one body whether or not the new address belongs to someone else: nothing changes until the link mailed
   * to it is used.
   */
  void changeEmail(Context ctx) {
    Actor actor = callers.actor(ctx);
    ChangeEmailRequest request = bodies.read(ctx, ChangeEmailRequest.class);
    accounts.changeEmail(new ChangeEmail.Command(actor, request.newEmail(), request.currentPassword()));
    ctx.status(202).json(new MessageResponse(CHANGE_EMAIL_MESSAGE));
  }

  /** 200 with the new address: it is the account's now, verified, and the other sessions have ended. */
  void confirmEmailChange(Context ctx) {
    ConfirmEmailRequest request = bodies.read(ctx, ConfirmEmailRequest.class);
    ConfirmEmailChange.Confirmed confirmed =
        accounts.confirmEmailChange(new ConfirmEmailChange.Command(request.token(), RequestScope.client(ctx)));
    ctx.status(200).json(Map.of("email", confirmed.email(), "email_verified", true,
        "revoked_sessions", confirmed.sessionsEnded()));
  }

  /**
   * 200 with tokens, or, for an account with two-factor sign-in, 200 with {@code mfa_required} and the
   * {@code mfa_token} that {@link #completeMfaLogin} takes (no tokens). Both are sent with {@code no-store}.
   */
  void login(Context ctx) {
    boolean optedIn = cookie.optedIn(ctx);
    LoginRequest request = bodies.read(ctx, LoginRequest.class);
    Authenticate.LoginResult result =
        accounts.login(new Authenticate.Command(request.email(), request.password(), RequestScope.client(ctx)));
    if (result instanceof Authenticate.MfaRequired challenge) {
      TokenResponse.noStore(ctx);
      ctx.status(200).json(MfaRequiredResponse.of(challenge));
      return;
    }
    respondWithTokens(ctx, tokensOf(result), optedIn ? cookie : RefreshCookie.OFF);
  }

  /**
   * {@code POST /login/mfa}: the {@code mfa_token} of a login and a TOTP {@code code} or a {@code recovery_code},
   * exactly one, for the token response a login without two-factor gives.
   */
  void completeMfaLogin(Context ctx) {
    boolean optedIn = cookie.optedIn(ctx);
    MfaLoginRequest request = bodies.read(ctx, MfaLoginRequest.class);
    List<Violation> violations = new ArrayList<>();
    TwoFactorRoutes.checkLength(violations, "mfa_token", request.mfaToken(), MfaChallenge.MAX_TOKEN_LENGTH);
    TwoFactorRoutes.checkCode(violations, "code", request.code(), MfaChallenge.MAX_CODE_LENGTH);
    TwoFactorRoutes.checkCode(violations, "recovery_code", request.recoveryCode(), RecoveryCodes.MAX_INPUT_LENGTH);
    if (request.code() == null && request.recoveryCode() == null) {
      violations.add(new Violation("code", "required",
          "Give the code from the authenticator app, or a recovery_code."));
    } else if (request.code() != null && request.recoveryCode() != null) {
      violations.add(new Violation("recovery_code", "exclusive", "Give either code or recovery_code, not both."));
    }
    TwoFactorRoutes.refuse(violations);
    boolean totp = request.code() != null;
    CompleteMfaLogin.Command command = new CompleteMfaLogin.Command(request.mfaToken(),
        totp ? MfaChallenge.TOTP : MfaChallenge.RECOVERY_CODE, totp ? request.code() : request.recoveryCode(),
        RequestScope.client(ctx));
    respondWithTokens(ctx, tokensOf(accounts.completeMfaLogin(command)), optedIn ? cookie : RefreshCookie.OFF);
  }

  /**
   * The refresh token of the body, or, with the refresh cookie on and an empty body, the cookie's
   * ({@link RefreshCookie}); 401 {@code invalid_refresh_token} when a request that opted in has neither.
   */
  void refresh(Context ctx) {
    boolean optedIn = cookie.optedIn(ctx);
    String refreshToken = refreshToken(ctx, optedIn).orElseThrow(RefreshCookie::missing);
    IssuedTokens tokens =
        sessions.refresh(new RotateRefreshToken.Command(refreshToken, RequestScope.client(ctx)));
    respondWithTokens(ctx, tokens, optedIn ? cookie : RefreshCookie.OFF);
  }

  /** 204; with the refresh cookie on, a request that opted in also has the cookie cleared, whether or not it came. */
  void logout(Context ctx) {
    boolean optedIn = cookie.optedIn(ctx);
    Optional<String> refreshToken = refreshToken(ctx, optedIn);
    if (optedIn) {
      cookie.clear(ctx);
    }
    if (refreshToken.isPresent()) {
      sessions.logout(new Logout.Command(refreshToken.get(), RequestScope.client(ctx)));
    }
    ctx.status(204);
  }

  /**
   * The body's {@code refresh_token}; or, when the body is empty and the cookie mode is on, the cookie's, which only
   * a request that opted in may use (else 403 {@code csrf_rejected}). Empty when such a request has no cookie.
   */
  private Optional<String> refreshToken(Context ctx, boolean optedIn) {
    byte[] body = bodies.bytes(ctx);
    if (body.length == 0 && (optedIn || cookie.present(ctx))) {
      if (!optedIn) {
        throw new HttpProblem(TransportCode.CSRF_REJECTED,
            "Send " + RefreshCookie.OPT_IN_HEADER + ": 1 to use the refresh cookie.");
      }
      return Optional.ofNullable(ctx.cookie(RefreshCookie.NAME)).filter(value -> !value.isEmpty());
    }
    return Optional.of(bodies.read(ctx, body, RefreshTokenRequest.class).refreshToken());
  }

  void logoutEverywhere(Context ctx) {
    UserId user = callers.user(ctx);
    int revoked = sessions.logoutEverywhere(new LogoutEverywhere.Command(user, RequestScope.client(ctx)));
    ctx.status(200).json(Map.of("revoked_sessions", revoked));
  }

  void me(Context ctx) {
    UserId user = callers.user(ctx);
    QueryParameters.none(ctx);
    ProfileResponse profile = ProfileResponse.of(accounts.profile(user));
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).json(profile);
  }

  /** The caller's own profile changed; answers it as {@link #me} does. */
  void updateProfile(Context ctx) {
    Actor actor = callers.actor(ctx);
    UpdateProfileRequest request = bodies.read(ctx, UpdateProfileRequest.class);
    ProfileResponse profile =
        ProfileResponse.of(accounts.updateProfile(new UpdateProfile.Command(actor, request.displayName())));
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).json(profile);
  }

  /** {@code DELETE /me}: 204 once the account is gone; the caller's tokens no longer work. */
  void deleteAccount(Context ctx) {
    Actor actor = callers.actor(ctx);
    DeleteAccountRequest request = bodies.read(ctx, DeleteAccountRequest.class);
    accounts.deleteAccount(new DeleteAccount.Command(actor, request.currentPassword()));
    ctx.status(204);
  }

  /** {@code GET /me/sessions}: the caller's active sessions, newest first. */
  void listSessions(Context ctx) {
    Actor actor = callers.actor(ctx);
    QueryParameters.none(ctx);
    Views.respond(ctx, 200, Views.Items.of(sessions.sessions(actor), SessionView::of));
  }

  /** {@code DELETE /me/sessions/{id}}: 204, or 404 for an id that is not one of the caller's sessions. */
  void endSession(Context ctx) {
    Actor actor = callers.actor(ctx);
    UUID id = Callers.canonicalUuid(ctx.pathParam("id"));
    if (id == null) {
      throw new NotFoundException("No such session.");
    }
    sessions.endSession(new EndSession.Command(actor, new SessionId(id)));
    ctx.status(204);
  }

  /**
   * The tokens of a successful login, whose user from now on is the request's {@code user_id} in the log. Login
   * results are sealed and grow with new capabilities: a case the caller has not answered itself (as
   * {@link Authenticate.MfaRequired} is) is a wiring bug, answered as 500 rather than guessed at.
   */
  static IssuedTokens tokensOf(Authenticate.LoginResult result) {
    if (result instanceof Authenticate.Authenticated authenticated) {
      RequestScope.identify(authenticated.userId());
      return authenticated.tokens();
    }
    throw new IllegalStateException(
        "unknown login result " + (result == null ? "null" : result.getClass().getName()));
  }

  /**
   * 200 with the token response; for a request that opted into the refresh cookie, the refresh token goes into the
   * cookie instead of the body.
   */
  static void respondWithTokens(Context ctx, IssuedTokens tokens, RefreshCookie cookie) {
    TokenResponse.noStore(ctx);
    if (cookie.enabled()) {
      cookie.issue(ctx, tokens.refreshToken());
      ctx.status(200).json(TokenResponse.of(tokens).withoutRefreshToken());
      return;
    }
    ctx.status(200).json(TokenResponse.of(tokens));
  }
}
