package dev.keyhold.adapter.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * {@code application/x-www-form-urlencoded} decoding that refuses what {@link java.net.URLDecoder} silently repairs:
 * percent-escapes that do not form UTF-8 (invalid, overlong or surrogate byte sequences), which it turns into U+FFFD,
 * so that two different inputs would read as the same text.
 */
final class UrlDecoding {

  private UrlDecoding() {}

  /** Whether {@code text} holds no lone surrogate. */
  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code text} with {@code +} as a space and {@code %XX} escapes decoded as UTF-8.
   *
   * @throws IllegalArgumentException for a malformed escape or bytes that are not UTF-8
   */
  static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0 && isWellFormed(text)) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("a truncated percent-escape");
        }
        int high = Character.digit(text.charAt(i + 1), 16);
        int low = Character.digit(text.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("a percent-escape that is not hexadecimal");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isSurrogate(c)) {
          if (!Character.isHighSurrogate(c) || i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
            throw new IllegalArgumentException("a lone surrogate");
          }
          encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(encoded);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-escapes that are not UTF-8", e);
    }
  }
}
