package dev.keyhold.identity.usecase;

/** The account use cases: sign-up, email verification, login and profile. */
public interface Accounts extends RegisterAccount, VerifyEmail, ResendVerification, Authenticate, GetProfile {}
