package dev.keyhold.identity.usecase;

/** A user's own two-factor sign-in: the authenticator app and the recovery codes. */
public interface TwoFactor extends StartTotpEnrolment, ConfirmTotpEnrolment, DisableTotp, ReplaceRecoveryCodes {}
