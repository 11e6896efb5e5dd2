package dev.keyhold.adapter.http;

import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.model.user.UserStatus;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.ChangeEmail;
import dev.keyhold.identity.usecase.ChangePassword;
import dev.keyhold.identity.usecase.CompleteMfaLogin;
import dev.keyhold.identity.usecase.ConfirmEmailChange;
import dev.keyhold.identity.usecase.DeleteAccount;
import dev.keyhold.identity.usecase.GetProfile;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResendVerification;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.UpdateProfile;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Hand-written {@link Accounts}: each use case answers with a fixed result, or whatever a test installs. */
final class FakeAccounts implements Accounts {

  static final UserId USER = new UserId(UUID.fromString("0b6c6c1e-3f0e-4c43-9a55-3f4f3f4f3f4f"));
  static final Instant CREATED_AT = Instant.parse("2025-01-02T03:04:05Z");

  /** The second step of a login, as the core answers it for an account with TOTP. */
  static Authenticate.MfaRequired mfaRequired() {
    return new Authenticate.MfaRequired("mfa-token-value", Duration.ofMinutes(5), List.of("totp", "recovery_code"));
  }

  static IssuedTokens tokens(List<String> scopes) {
    return new IssuedTokens("header.payload.signature", Duration.ofMinutes(15), "refresh-token-value", scopes,
        new SessionId(UUID.fromString("5e55f1a7-0000-4000-8000-000000000001")));
  }

  volatile Function<RegisterAccount.Command, RegisterAccount.Result> register;
  volatile Function<VerifyEmail.Command, UserId> verifyEmail;
  volatile Function<ResendVerification.Command, Void> resend;
  volatile Function<Authenticate.Command, Authenticate.LoginResult> login;
  volatile Function<CompleteMfaLogin.Command, Authenticate.Authenticated> completeMfaLogin;
  volatile Function<UserId, GetProfile.Profile> profile;
  volatile Function<ResetPassword.Request, Void> requestPasswordReset;
  volatile Function<ResetPassword.Confirmation, Void> confirmPasswordReset;
  volatile Function<ChangePassword.Command, Integer> changePassword;
  volatile Function<UpdateProfile.Command, GetProfile.Profile> updateProfile;
  volatile Function<DeleteAccount.Command, Void> deleteAccount;
  volatile Function<ChangeEmail.Command, Void> changeEmail;
  volatile Function<ConfirmEmailChange.Command, ConfirmEmailChange.Confirmed> confirmEmailChange;

  volatile Object lastCommand;

  FakeAccounts() {
    reset();
  }

  void reset() {
    register = command -> new RegisterAccount.Created(USER);
    verifyEmail = command -> USER;
    resend = command -> null;
    login = command -> new Authenticate.Authenticated(USER, tokens(List.of("profile", "email")));
    completeMfaLogin = command -> new Authenticate.Authenticated(USER, tokens(List.of("profile", "email")));
    profile = user -> new GetProfile.Profile(user, "ada@example.com", "Ada", true, UserStatus.ACTIVE, CREATED_AT,
        false);
    requestPasswordReset = request -> null;
    confirmPasswordReset = confirmation -> null;
    changePassword = command -> 2;
    changeEmail = command -> null;
    confirmEmailChange = command -> new ConfirmEmailChange.Confirmed(USER, "ada.new@example.com", 1);
    updateProfile = command -> new GetProfile.Profile(command.actor().userId(), "ada@example.com",
        command.displayName(), true, UserStatus.ACTIVE, CREATED_AT, false);
    deleteAccount = command -> null;
    lastCommand = null;
  }

  /** Makes every use case throw {@code failure}. */
  void failWith(RuntimeException failure) {
    register = command -> { throw failure; };
    verifyEmail = command -> { throw failure; };
    resend = command -> { throw failure; };
    login = command -> { throw failure; };
    completeMfaLogin = command -> { throw failure; };
    profile = user -> { throw failure; };
    requestPasswordReset = request -> { throw failure; };
    confirmPasswordReset = confirmation -> { throw failure; };
    changePassword = command -> { throw failure; };
    updateProfile = command -> { throw failure; };
    deleteAccount = command -> { throw failure; };
  }

  @Override
  public RegisterAccount.Result register(RegisterAccount.Command command) {
    lastCommand = command;
    return register.apply(command);
  }

  @Override
  public UserId verifyEmail(VerifyEmail.Command command) {
    lastCommand = command;
    return verifyEmail.apply(command);
  }

  @Override
  public void resendVerification(ResendVerification.Command command) {
    lastCommand = command;
    resend.apply(command);
  }

  @Override
  public Authenticate.LoginResult login(Authenticate.Command command) {
    lastCommand = command;
    return login.apply(command);
  }

  @Override
  public Authenticate.Authenticated completeMfaLogin(CompleteMfaLogin.Command command) {
    lastCommand = command;
    return completeMfaLogin.apply(command);
  }

  @Override
  public GetProfile.Profile profile(UserId userId) {
    lastCommand = userId;
    return profile.apply(userId);
  }

  @Override
  public void requestPasswordReset(ResetPassword.Request request) {
    lastCommand = request;
    requestPasswordReset.apply(request);
  }

  @Override
  public void confirmPasswordReset(ResetPassword.Confirmation confirmation) {
    lastCommand = confirmation;
    confirmPasswordReset.apply(confirmation);
  }

  @Override
  public int changePassword(ChangePassword.Command command) {
    lastCommand = command;
    return changePassword.apply(command);
  }

  @Override
  public void changeEmail(ChangeEmail.Command command) {
    lastCommand = command;
    changeEmail.apply(command);
  }

  @Override
  public ConfirmEmailChange.Confirmed confirmEmailChange(ConfirmEmailChange.Command command) {
    lastCommand = command;
    return confirmEmailChange.apply(command);
  }

  @Override
  public GetProfile.Profile updateProfile(UpdateProfile.Command command) {
    lastCommand = command;
    return updateProfile.apply(command);
  }

  @Override
  public void deleteAccount(DeleteAccount.Command command) {
    lastCommand = command;
    deleteAccount.apply(command);
  }
}
