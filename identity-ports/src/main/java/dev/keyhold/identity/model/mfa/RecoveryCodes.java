package dev.keyhold.identity.model.mfa;

/**
 * Single-use recovery codes, the way in when the authenticator is lost: a set of {@value #COUNT} is shown once when
 * two-factor sign-in is turned on (or the set replaced), and stored only as SHA-256 hashes.
 *
 * <p>A code is {@value #LENGTH} characters of lower-case base32 (125 random bits), shown in groups of five
 * separated by hyphens. Input is compared after {@link #normalize}: case, spaces and hyphens do not matter.
 */
public final class RecoveryCodes {

  /** Codes in a set. */
  public static final int COUNT = 10;

  /** Characters of a code, separators not counted. */
  public static final int LENGTH = 25;

  /** The longest input accepted as a code before normalization (groups, spaces and all). */
  public static final int MAX_INPUT_LENGTH = 64;

  private RecoveryCodes() {}

  /**
   * The code without separators, in lower case: what is hashed. Empty when {@code input} is too long, too short or
   * has characters no code has.
   */
  public static String normalize(String input) {
    if (input == null || input.length() > MAX_INPUT_LENGTH) {
      return "";
    }
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c == '-' || c == ' ') {
        continue;
      }
      char lower = Character.toLowerCase(c);
      if (!((lower >= 'a' && lower <= 'z') || (lower >= '2' && lower <= '7'))) {
        return "";
      }
      code.append(lower);
    }
    return code.length() == LENGTH ? code.toString() : "";
  }
}
