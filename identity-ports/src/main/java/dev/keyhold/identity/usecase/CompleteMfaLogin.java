package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.usecase.Authenticate.Authenticated;
import java.util.Objects;

/**
 * The second step of a login that answered {@link Authenticate.MfaRequired}: trades its {@code mfa_token} and a code
 * for a session. The token is single use, bound to the user whose password was checked, lives
 * {@code MfaChallenge.LIFETIME} and dies after {@code MfaChallenge.MAX_FAILED_CODES} wrong codes.
 */
public interface CompleteMfaLogin {

  /**
   * @param method one of the challenge's methods ({@code totp}, {@code recovery_code}, or a plugged-in factor's)
   */
  record Command(String mfaToken, String method, String code, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[mfaToken=***, method=" + method + ", code=***]";
    }
  }

  /**
   * @return the session, whose tokens carry {@code amr} {@code ["pwd", "otp"]} for a TOTP code or
   *     {@code ["pwd", "mfa"]} for a recovery code
   * @throws dev.keyhold.identity.error.InvalidTokenException {@code invalid_mfa_token} for an unknown, used, expired or
   *     exhausted token
   * @throws dev.keyhold.identity.error.InvalidCredentialsException {@code invalid_mfa_code} for a wrong code (counted
   *     toward the account's lockout)
   * @throws dev.keyhold.identity.error.ValidationException for a method the challenge does not offer
   * @throws dev.keyhold.identity.error.TooManyRequestsException when the account is locked or a rate limit is used up
   */
  Authenticated completeMfaLogin(Command command);
}
