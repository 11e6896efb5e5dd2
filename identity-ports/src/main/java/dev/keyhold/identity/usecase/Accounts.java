package dev.keyhold.identity.usecase;

/** The account use cases: sign-up, email verification, login (with its second step), profile and passwords. */
public interface Accounts
    extends RegisterAccount, VerifyEmail, ResendVerification, Authenticate, CompleteMfaLogin, GetProfile,
        ResetPassword, ChangePassword, ChangeEmail, ConfirmEmailChange, UpdateProfile, DeleteAccount {}
