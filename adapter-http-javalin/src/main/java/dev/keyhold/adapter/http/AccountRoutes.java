package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.Logout;
import dev.keyhold.identity.usecase.LogoutEverywhere;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.Sessions;
import dev.keyhold.identity.usecase.VerifyEmail;
import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The account and session endpoints under {@code /api/v1}, speaking JSON. */
final class AccountRoutes {

  static final String REGISTER_MESSAGE = "If the address can be registered, we have sent a verification link to it.";
  static final String RESEND_MESSAGE = "If the address has an unverified account, we have sent a new link.";

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

  record RefreshTokenRequest(String refreshToken) {
    @Override
    public String toString() {
      return "RefreshTokenRequest[refreshToken=***]";
    }
  }

  record MessageResponse(String message) {}

  record ProfileResponse(
      String id, String email, String displayName, boolean emailVerified, String status, String createdAt) {

    static ProfileResponse of(GetProfile.Profile profile) {
      return new ProfileResponse(
          profile.id().toString(),
          profile.email(),
          profile.displayName(),
          profile.emailVerified(),
          profile.status().name().toLowerCase(Locale.ROOT),
          DateTimeFormatter.ISO_INSTANT.format(profile.createdAt()));
    }
  }

  private final JsonBodies bodies;
  private final Callers callers;
  private final Accounts accounts;
  private final Sessions sessions;

  AccountRoutes(JsonBodies bodies, Callers callers, Accounts accounts, Sessions sessions) {
    this.bodies = bodies;
    this.callers = callers;
    this.accounts = accounts;
    this.sessions = sessions;
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

  void login(Context ctx) {
    LoginRequest request = bodies.read(ctx, LoginRequest.class);
    Authenticate.LoginResult result =
        accounts.login(new Authenticate.Command(request.email(), request.password(), RequestScope.client(ctx)));
    respondWithTokens(ctx, tokensOf(result));
  }

  void refresh(Context ctx) {
    RefreshTokenRequest request = bodies.read(ctx, RefreshTokenRequest.class);
    respondWithTokens(
        ctx, sessions.refresh(new RotateRefreshToken.Command(request.refreshToken(), RequestScope.client(ctx))));
  }

  void logout(Context ctx) {
    RefreshTokenRequest request = bodies.read(ctx, RefreshTokenRequest.class);
    sessions.logout(new Logout.Command(request.refreshToken(), RequestScope.client(ctx)));
    ctx.status(204);
  }

  void logoutEverywhere(Context ctx) {
    UserId user = callers.user(ctx);
    int revoked = sessions.logoutEverywhere(new LogoutEverywhere.Command(user, RequestScope.client(ctx)));
    ctx.status(200).json(Map.of("revoked_sessions", revoked));
  }

  void me(Context ctx) {
    UserId user = callers.user(ctx);
    ProfileResponse profile = ProfileResponse.of(accounts.profile(user));
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).json(profile);
  }

  /**
   * The tokens of a successful login. Login results are sealed and grow with new capabilities (two-factor): a case
   * this adapter does not know yet is a wiring bug, answered as 500 rather than guessed at.
   */
  static IssuedTokens tokensOf(Authenticate.LoginResult result) {
    if (result instanceof Authenticate.Authenticated authenticated) {
      return authenticated.tokens();
    }
    throw new IllegalStateException(
        "unknown login result " + (result == null ? "null" : result.getClass().getName()));
  }

  private static void respondWithTokens(Context ctx, IssuedTokens tokens) {
    TokenResponse.noStore(ctx);
    ctx.status(200).json(TokenResponse.of(tokens));
  }
}
