package dev.keyhold.identity.model.token;

import java.util.List;

/** The authentication method references (RFC 8176) a session records and its access tokens carry in {@code amr}. */
public final class AuthMethods {

  /** A password. */
  public static final String PASSWORD = "pwd";

  /** A one-time password: a TOTP code. */
  public static final String OTP = "otp";

  /** Multiple factors, the second one not named more precisely: a recovery code. */
  public static final String MFA = "mfa";

  /** A federated assertion: an external provider's ID token. */
  public static final String FEDERATED = "fed";

  private AuthMethods() {}

  /** Whether a session with these methods passed a second factor. */
  public static boolean hasSecondFactor(List<String> methods) {
    return methods != null && (methods.contains(OTP) || methods.contains(MFA));
  }
}
