package dev.keyhold.identity.core.internal.mfa;

import dev.keyhold.identity.usecase.ConfirmTotpEnrolment;
import dev.keyhold.identity.usecase.DisableTotp;
import dev.keyhold.identity.usecase.ReplaceRecoveryCodes;
import dev.keyhold.identity.usecase.StartTotpEnrolment;
import dev.keyhold.identity.usecase.TwoFactor;

/** A user's own two-factor sign-in. */
public final class TwoFactorService implements TwoFactor {

  @Override
  public Enrolment startTotpEnrolment(StartTotpEnrolment.Command command) {
    throw new UnsupportedOperationException("TODO(mfa)");
  }

  @Override
  public RecoveryCodeSet confirmTotpEnrolment(ConfirmTotpEnrolment.Command command) {
    throw new UnsupportedOperationException("TODO(mfa)");
  }

  @Override
  public void disableTotp(DisableTotp.Command command) {
    throw new UnsupportedOperationException("TODO(mfa)");
  }

  @Override
  public RecoveryCodeSet replaceRecoveryCodes(ReplaceRecoveryCodes.Command command) {
    throw new UnsupportedOperationException("TODO(mfa)");
  }
}
