package dev.keyhold.identity.core.internal.audit;

import dev.keyhold.identity.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque cursor of the audit search: URL-safe base64 (no padding) of {@code "audit:"} and the seq of the last
 * record listed, in decimal. The next page holds the matching records with a smaller seq. Clients must not build or
 * parse it; the format may change. Pure.
 */
final class AuditCursor {

  /** Longer than any cursor {@link #encode} makes. */
  static final int MAX_LENGTH = 64;

  private static final String PREFIX = "audit:";
  private static final Pattern SEQ = Pattern.compile("[1-9][0-9]{0,18}");

  private AuditCursor() {}

  static String encode(long seq) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The seq a cursor stands for.
   *
   * @throws ValidationException on field {@code cursor} with code {@code invalid_cursor} for anything {@link #encode}
   *     did not make
   */
  static long decode(String cursor) {
    if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH || cursor.indexOf('=') >= 0) {
      throw invalid();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!text.startsWith(PREFIX) || !SEQ.matcher(text.substring(PREFIX.length())).matches()) {
      throw invalid();
    }
    try {
      long seq = Long.parseLong(text.substring(PREFIX.length()));
      if (!encode(seq).equals(cursor)) {
        throw invalid();
      }
      return seq;
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static ValidationException invalid() {
    return ValidationException.of("cursor", "invalid_cursor", "The cursor is not one this list gave out.");
  }
}
