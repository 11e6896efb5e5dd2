package dev.keyhold.identity.model.user;

import dev.keyhold.identity.error.ValidationException;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An email address in two forms: {@link #normalized()} decides identity (trimmed, Unicode NFKC, lower-cased, so
 * {@code " A@X.io"} and {@code "a@x.IO"} are one address) and {@link #display()} keeps what the user typed, trimmed.
 *
 * <p>Invariant: {@code normalized} is at most 254 characters, has one {@code @} with a non-empty local part of at
 * most 64 characters and a dotted domain, and holds no white space or control characters. {@link #parse} also refuses
 * what would let one address pass for another (invisible characters, mixed scripts); the constructor does not, so
 * that addresses stored before those checks still load.
 */
public record Email(String normalized, String display) {

  /** The longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
  public static final int MAX_LENGTH = 254;

  private static final Pattern SHAPE =
      Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");

  /** UTS #39 section 5.2: the mixtures of scripts a "highly restrictive" identifier may use. */
  private static final List<Set<Character.UnicodeScript>> ALLOWED_MIXTURES = List.of(
      EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
          Character.UnicodeScript.KATAKANA),
      EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
      EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

  public Email {
    Objects.requireNonNull(normalized, "normalized");
    Objects.requireNonNull(display, "display");
    if (!normalized.equals(normalize(normalized)) || !isWellFormed(normalized)) {
      throw ValidationException.of("email", "invalid_email", "Enter a valid email address.");
    }
  }

  /**
   * Parses user input.
   *
   * @throws ValidationException with code {@code invalid_email} when the input is not an address
   */
  public static Email parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw ValidationException.of("email", "invalid_email", "Enter a valid email address.");
    }
    String display = raw.strip();
    if (display.length() > MAX_LENGTH * 2) {
      throw ValidationException.of("email", "invalid_email", "Enter a valid email address.");
    }
    if (!isVisibleText(display) || !isSingleScript(display)) {
      throw ValidationException.of("email", "invalid_email", "Enter a valid email address.");
    }
    return new Email(normalize(display), display);
  }

  /**
   * No format character (category Cf: zero-width space, soft hyphen, bidirectional overrides, word joiner, byte order
   * mark), control or lone surrogate. They are invisible, so an address with one would look like another's and still
   * be a separate account. (Private-use and unassigned code points stay allowed: they show as themselves or as a box.)
   */
  private static boolean isVisibleText(String text) {
    return text.codePoints().noneMatch(Email::isInvisible);
  }

  private static boolean isInvisible(int codePoint) {
    switch (Character.getType(codePoint)) {
      case Character.FORMAT:
      case Character.CONTROL:
      case Character.SURROGATE:
        return true;
      default:
        return false;
    }
  }

  /**
   * The local part and the domain are each written in one script, as UTS #39's "highly restrictive" level asks: a
   * Cyrillic {@code а} among Latin letters is refused, an all-Cyrillic part is not. Characters common to all scripts
   * (digits, punctuation) and combining marks do not count, and Han may go with Latin and with the scripts written
   * beside it (Hiragana and Katakana, Hangul, Bopomofo).
   */
  private static boolean isSingleScript(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 || isSingleScriptPart(address.substring(0, at)) && isSingleScriptPart(address.substring(at + 1));
  }

  private static boolean isSingleScriptPart(String part) {
    Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
    part.codePoints().forEach(c -> scripts.add(Character.UnicodeScript.of(c)));
    scripts.remove(Character.UnicodeScript.COMMON);
    scripts.remove(Character.UnicodeScript.INHERITED);
    if (scripts.size() <= 1) {
      return true;
    }
    return ALLOWED_MIXTURES.stream().anyMatch(allowed -> allowed.containsAll(scripts));
  }

  private static String normalize(String value) {
    return Normalizer.normalize(value.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  private static boolean isWellFormed(String normalized) {
    return normalized.length() <= MAX_LENGTH && SHAPE.matcher(normalized).matches();
  }

  /** Two emails are the same address when their normalized forms are equal. */
  public boolean sameAddressAs(Email other) {
    return normalized.equals(other.normalized);
  }

  @Override
  public String toString() {
    return display;
  }
}
