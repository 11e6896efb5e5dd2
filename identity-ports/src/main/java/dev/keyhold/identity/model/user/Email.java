package dev.keyhold.identity.model.user;

import dev.keyhold.identity.error.ValidationException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An email address in two forms: {@link #normalized()} decides identity (trimmed, Unicode NFKC, lower-cased, so
 * {@code " A@X.io"} and {@code "a@x.IO"} are one address) and {@link #display()} keeps what the user typed, trimmed.
 *
 * <p>Invariant: {@code normalized} is at most 254 characters, has one {@code @} with a non-empty local part of at
 * most 64 characters and a dotted domain, and holds no white space or control characters.
 */
public record Email(String normalized, String display) {

  /** The longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
  public static final int MAX_LENGTH = 254;

  private static final Pattern SHAPE =
      Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");

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
    return new Email(normalize(display), display);
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
