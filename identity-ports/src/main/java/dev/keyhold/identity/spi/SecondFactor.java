package dev.keyhold.identity.spi;

import dev.keyhold.identity.model.user.UserId;

/**
 * A second factor of the login flow. After a correct password, a user for whom any factor is
 * {@link #enabledFor enabled} gets an {@code mfa_token} instead of tokens, and finishes the login with a code of one
 * of the enabled factors' {@link #method methods}. The core brings TOTP, and recovery codes, which are offered beside
 * another enabled factor but never turn the second step on by themselves; an embedder adds factors with
 * {@code Keyhold.Builder.secondFactor}.
 *
 * <p>Failed verifications count toward the account's lockout like wrong passwords, and the core rate-limits them;
 * an implementation only decides whether the code is right, once.
 */
public interface SecondFactor {

  /** The method's name as clients give it with the code, for example {@code totp}: lower case, unique. */
  String method();

  /** The RFC 8176 {@code amr} value a session started with this factor carries besides {@code pwd}. */
  String authMethod();

  /** Whether the user can sign in with this factor now. */
  boolean enabledFor(UserId userId);

  /**
   * Checks {@code code} and, if right, uses it up: a code that once verified never verifies again.
   *
   * @param code at most {@code MfaChallenge.MAX_CODE_LENGTH} characters, never {@code null}
   */
  boolean verify(UserId userId, String code);
}
