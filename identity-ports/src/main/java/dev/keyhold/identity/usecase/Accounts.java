package dev.keyhold.identity.usecase;

/** The account use cases: sign-up, email verification, login, profile and passwords. */
public interface Accounts
    extends RegisterAccount, VerifyEmail, ResendVerification, Authenticate, GetProfile, ResetPassword,
        ChangePassword {}
