package dev.keyhold.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a correct password gets: either the session's tokens, or, for an account with two-factor sign-in, a
 * challenge to complete with {@link KeyholdClient#completeLogin(String, String)} (a code from the authenticator app)
 * or {@link KeyholdClient#completeLoginWithRecoveryCode(String, String)}. A wrong password is not a result but a
 * {@link KeyholdApiException} ({@code invalid_credentials}).
 */
public sealed interface LoginResult {

  /** Signed in: the session's tokens. */
  record SignedIn(Tokens tokens) implements LoginResult {
    public SignedIn {
      Objects.requireNonNull(tokens, "tokens");
    }
  }

  /**
   * The password was right and a second factor is required. The {@code mfaToken} works once, for
   * {@code expiresIn}, and dies after 5 wrong codes ({@code invalid_mfa_token}: sign in again).
   *
   * @param methods what the second step accepts: {@code totp}, {@code recovery_code}
   */
  record TwoFactorRequired(String mfaToken, Duration expiresIn, List<String> methods) implements LoginResult {
    public TwoFactorRequired {
      Objects.requireNonNull(mfaToken, "mfaToken");
      Objects.requireNonNull(expiresIn, "expiresIn");
      methods = List.copyOf(methods);
    }

    @Override
    public String toString() {
      return "TwoFactorRequired[expiresIn=" + expiresIn + ", methods=" + methods + ", mfaToken=(hidden)]";
    }
  }
}
