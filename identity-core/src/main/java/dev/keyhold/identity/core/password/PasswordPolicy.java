package dev.keyhold.identity.core.password;

import com.nulabinc.zxcvbn.Zxcvbn;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.user.Passwords;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a new password must satisfy: a length between a minimum and a maximum counted in Unicode code points, and
 * not being easy to guess. There are no composition rules (NIST SP 800-63B).
 *
 * <p>"Easy to guess" means zxcvbn estimates fewer than 10<sup>6</sup> guesses (score below
 * {@value #MIN_ZXCVBN_SCORE}), which covers its dictionaries of common passwords, names and words, keyboard
 * patterns, sequences, repeats, dates and l33t variants; or the password contains one of the user's own inputs,
 * such as the email's local part, of at least {@value #MIN_USER_INPUT_LENGTH} code points. Only the first
 * {@value #MAX_ESTIMATED_CODE_POINTS} code points are estimated, which bounds zxcvbn's cost (a server-side
 * denial-of-service risk otherwise).
 *
 * <p>Immutable and thread-safe; pure.
 */
public final class PasswordPolicy {

  /** zxcvbn's score 2 means at least 10^6 estimated guesses. */
  static final int MIN_ZXCVBN_SCORE = 2;

  /**
   * zxcvbn's l33t matcher costs (substitution maps) x length<sup>2</sup>, up to seconds of CPU for 100 crafted
   * characters, so only a prefix this long is estimated (a few hundred ms at worst). Longer passwords are judged by
   * their start: a guessable start is rejected, and zxcvbn multiplies the guesses of a password's parts.
   */
  static final int MAX_ESTIMATED_CODE_POINTS = 32;

  /** User inputs shorter than this are not searched for as a whole in the password (too many false matches). */
  static final int MIN_USER_INPUT_LENGTH = 4;

  static final String FIELD = "password";

  private static final PasswordPolicy DEFAULTS = new PasswordPolicy(Passwords.MIN_LENGTH, Passwords.MAX_LENGTH, new Zxcvbn());

  private final int minLength;
  private final int maxLength;
  /** Loading its dictionaries takes long, so it is built once; measuring shares only immutable data. */
  private final Zxcvbn zxcvbn;

  private PasswordPolicy(int minLength, int maxLength, Zxcvbn zxcvbn) {
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.zxcvbn = zxcvbn;
  }

  /**
   * At least {@value Passwords#MIN_LENGTH} and at most {@value Passwords#MAX_LENGTH} code points (the bounds of
   * {@link Passwords}), and not easy to guess.
   */
  public static PasswordPolicy defaults() {
    return DEFAULTS;
  }

  /** The least number of code points a password has. */
  public int minLength() {
    return minLength;
  }

  /** The greatest number of code points a password has. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Checks a new password. Rules are checked in order and the first broken one is reported.
   *
   * @param password the candidate password
   * @param userInputs what the user told us about themselves (email, name); null entries are ignored
   * @throws ValidationException on field {@code password} with code {@code password_required} (null or empty),
   *     {@code password_too_short}, {@code password_too_long} or {@code password_too_common}
   */
  public void check(String password, String... userInputs) {
    if (password == null || password.isEmpty()) {
      throw violation("password_required", "Enter a password.");
    }
    int length = password.codePointCount(0, password.length());
    if (length < minLength) {
      throw violation("password_too_short", "Use at least " + minLength + " characters.");
    }
    if (length > maxLength) {
      throw violation("password_too_long", "Use at most " + maxLength + " characters.");
    }
    List<String> inputs = expand(userInputs);
    if (containsAnyOf(password, inputs)) {
      throw violation("password_too_common", "Do not use your email address or name in your password.");
    }
    if (zxcvbn.measure(estimatedPart(password, length), inputs).getScore() < MIN_ZXCVBN_SCORE) {
      throw violation("password_too_common",
          "This password is too common or too easy to guess. Try a few unrelated words or a longer phrase.");
    }
  }

  /** The inputs, lower-cased, plus the local part of each email address and the words of each. */
  private static List<String> expand(String... userInputs) {
    List<String> expanded = new ArrayList<>();
    if (userInputs == null) {
      return expanded;
    }
    for (String input : userInputs) {
      if (input == null || input.isBlank()) {
        continue;
      }
      String value = input.strip().toLowerCase(Locale.ROOT);
      expanded.add(value);
      int at = value.lastIndexOf('@');
      String name = at > 0 ? value.substring(0, at) : value;
      if (!name.equals(value)) {
        expanded.add(name);
      }
      for (String word : name.split("[^\\p{L}\\p{N}]+")) {
        if (word.length() >= 3 && !word.equals(name)) {
          expanded.add(word);
        }
      }
    }
    return expanded;
  }

  private static boolean containsAnyOf(String password, List<String> inputs) {
    String lowerCase = password.toLowerCase(Locale.ROOT);
    return inputs.stream()
        .filter(input -> input.codePointCount(0, input.length()) >= MIN_USER_INPUT_LENGTH)
        .anyMatch(lowerCase::contains);
  }

  private static String estimatedPart(String password, int codePoints) {
    return codePoints <= MAX_ESTIMATED_CODE_POINTS
        ? password
        : password.substring(0, password.offsetByCodePoints(0, MAX_ESTIMATED_CODE_POINTS));
  }

  private static ValidationException violation(String code, String message) {
    return ValidationException.of(FIELD, code, message);
  }

  @Override
  public String toString() {
    return "PasswordPolicy[minLength=" + minLength + ", maxLength=" + maxLength + ", minZxcvbnScore="
        + MIN_ZXCVBN_SCORE + "]";
  }
}
