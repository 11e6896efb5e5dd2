package dev.keyhold.identity.model.mfa;

import java.time.Duration;
import java.util.List;

/**
 * The second step of a login: after a correct password, an account with two-factor sign-in gets an opaque, single-use
 * {@code mfa_token} instead of tokens, and trades it with a code for a session.
 */
public final class MfaChallenge {

  /** How long an {@code mfa_token} lives. */
  public static final Duration LIFETIME = Duration.ofMinutes(5);

  /** Wrong codes after which the {@code mfa_token} dies. */
  public static final int MAX_FAILED_CODES = 5;

  /** The longest {@code mfa_token} looked at; longer input is refused unhashed. */
  public static final int MAX_TOKEN_LENGTH = 128;

  /** The longest code looked at, of any method; longer input is refused. */
  public static final int MAX_CODE_LENGTH = RecoveryCodes.MAX_INPUT_LENGTH;

  /** The method of a TOTP code. */
  public static final String TOTP = "totp";

  /** The method of a recovery code. */
  public static final String RECOVERY_CODE = "recovery_code";

  /** The methods every account with TOTP offers, in the order clients should offer them. */
  public static final List<String> TOTP_METHODS = List.of(TOTP, RECOVERY_CODE);

  private MfaChallenge() {}
}
