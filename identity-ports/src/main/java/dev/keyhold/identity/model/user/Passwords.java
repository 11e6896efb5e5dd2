package dev.keyhold.identity.model.user;

/**
 * The bounds on a password's length, counted in Unicode code points: the one source the core's policy, the HTTP
 * adapter's OpenAPI document and the docs read.
 */
public final class Passwords {

  /** The least length of a new password. */
  public static final int MIN_LENGTH = 8;

  /**
   * The greatest length of any password. Login and a password change may refuse longer input before hashing it,
   * since no stored password is longer.
   */
  public static final int MAX_LENGTH = 256;

  private Passwords() {}

  /** The length of {@code password} as these bounds count it: Unicode code points. */
  public static int length(String password) {
    return password.codePointCount(0, password.length());
  }
}
