package dev.keyhold.identity.core.password;

import com.nulabinc.zxcvbn.Zxcvbn;
import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.user.Passwords;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

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
 * <p>{@link #builder()} adjusts it: the length bounds (within {@value Passwords#MIN_LENGTH} to
 * {@value Passwords#MAX_LENGTH}, the bounds of {@link Passwords}), words no
 * password may contain (the product's or the company's name, say), and context words that zxcvbn counts as easy to
 * guess without refusing every password that contains them.
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

  /**
   * zxcvbn, built once and shared (measuring shares only immutable data). Loading its dictionaries takes a few hundred
   * milliseconds, so it happens at the first check or at {@link #preload()}, not when a policy is made: a server is
   * ready to refresh tokens before it has loaded what only a new password needs.
   */
  private static final class Estimator {
    static final Zxcvbn ZXCVBN = new Zxcvbn();
  }

  private static final PasswordPolicy DEFAULTS =
      new PasswordPolicy(Passwords.MIN_LENGTH, Passwords.MAX_LENGTH, List.of(), List.of());

  private final int minLength;
  private final int maxLength;
  /** Lower-cased; a password containing one is refused. */
  private final List<String> blockedWords;
  /** Lower-cased; given to zxcvbn with the user's own inputs. */
  private final List<String> contextWords;

  private PasswordPolicy(int minLength, int maxLength, List<String> blockedWords, List<String> contextWords) {
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.blockedWords = List.copyOf(blockedWords);
    this.contextWords = List.copyOf(contextWords);
  }

  /**
   * At least {@value Passwords#MIN_LENGTH} and at most {@value Passwords#MAX_LENGTH} code points (the bounds of
   * {@link Passwords}), and not easy to guess.
   */
  public static PasswordPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Loads the strength estimator now, which the first {@link #check} would otherwise do (a few hundred
   * milliseconds). A server calls it off the request path once it serves; calling it again costs nothing.
   */
  public static void preload() {
    Estimator.ZXCVBN.measure(FIELD);
  }

  /** Starts from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The least number of code points a password has. */
  public int minLength() {
    return minLength;
  }

  /** The greatest number of code points a password has. */
  public int maxLength() {
    return maxLength;
  }

  /** The words, lower-cased, that no password may contain, beyond the user's own email and name. */
  public List<String> blockedWords() {
    return blockedWords;
  }

  /** The words, lower-cased, that zxcvbn counts as known to an attacker, beside the user's own email and name. */
  public List<String> contextWords() {
    return contextWords;
  }

  /**
   * Checks a new password. Rules are checked in order and the first broken one is reported.
   *
   * @param password the candidate password
   * @param userInputs what the user told us about themselves (email, name); null entries are ignored
   * @throws ValidationException on field {@code password} with code {@code password_required} (null or empty),
   *     {@code password_too_short}, {@code password_too_long} or {@code password_too_common} (also for a blocked
   *     word)
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
    if (containsAnyOf(password, blockedWords)) {
      throw violation("password_too_common", "This password contains a word that is not allowed here. Try a few "
          + "unrelated words or a longer phrase.");
    }
    List<String> known = new ArrayList<>(inputs);
    known.addAll(contextWords);
    if (Estimator.ZXCVBN.measure(estimatedPart(password, length), known).getScore() < MIN_ZXCVBN_SCORE) {
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
        + MIN_ZXCVBN_SCORE + ", blockedWords=" + blockedWords.size() + ", contextWords=" + contextWords.size() + "]";
  }

  /**
   * Collects the adjustments of a policy; each setter checks its own value at once ({@link IllegalArgumentException}
   * naming the bound) and {@link #build()} checks them together. Not thread-safe.
   */
  public static final class Builder {

    private int minLength = Passwords.MIN_LENGTH;
    private int maxLength = Passwords.MAX_LENGTH;
    private final Set<String> blockedWords = new LinkedHashSet<>();
    private final Set<String> contextWords = new LinkedHashSet<>();

    private Builder() {}

    /** The least number of code points: {@value Passwords#MIN_LENGTH} (the default) to the greatest allowed. */
    public Builder minLength(int value) {
      this.minLength = within(value, "minLength");
      return this;
    }

    /** The greatest number of code points: up to {@value Passwords#MAX_LENGTH} (the default). */
    public Builder maxLength(int value) {
      this.maxLength = within(value, "maxLength");
      return this;
    }

    /**
     * Adds words no password may contain, in any case (the product's or the organization's name, say). Each is
     * stripped and must have at least {@value PasswordPolicy#MIN_USER_INPUT_LENGTH} code points: shorter ones would
     * refuse too many good passwords.
     */
    public Builder blockedWords(Collection<String> words) {
      for (String word : Objects.requireNonNull(words, "words")) {
        String normalized = normalized(word, "blocked word");
        if (normalized.codePointCount(0, normalized.length()) < MIN_USER_INPUT_LENGTH) {
          throw new IllegalArgumentException("a blocked word needs at least " + MIN_USER_INPUT_LENGTH
              + " characters, was \"" + normalized + "\"");
        }
        blockedWords.add(normalized);
      }
      return this;
    }

    /**
     * Adds words an attacker would try first (the product, the domain, the city): zxcvbn counts a password built
     * on them as easier to guess, so {@code Keyhold2024} fails while a long phrase that happens to contain
     * {@code keyhold} passes. Each is stripped and lower-cased.
     */
    public Builder contextWords(Collection<String> words) {
      for (String word : Objects.requireNonNull(words, "words")) {
        contextWords.add(normalized(word, "context word"));
      }
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException when the least length is above the greatest
     */
    public PasswordPolicy build() {
      if (minLength > maxLength) {
        throw new IllegalArgumentException("minLength " + minLength + " is above maxLength " + maxLength);
      }
      return new PasswordPolicy(minLength, maxLength, new ArrayList<>(blockedWords), new ArrayList<>(contextWords));
    }

    private static int within(int value, String name) {
      if (value < Passwords.MIN_LENGTH || value > Passwords.MAX_LENGTH) {
        throw new IllegalArgumentException(
            name + " must be " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + ", was " + value);
      }
      return value;
    }

    private static String normalized(String word, String what) {
      if (word == null || word.isBlank()) {
        throw new IllegalArgumentException("a " + what + " must not be blank");
      }
      String normalized = word.strip().toLowerCase(Locale.ROOT);
      if (normalized.codePointCount(0, normalized.length()) > Passwords.MAX_LENGTH) {
        throw new IllegalArgumentException("a " + what + " has at most " + Passwords.MAX_LENGTH + " characters");
      }
      return normalized;
    }
  }
}
