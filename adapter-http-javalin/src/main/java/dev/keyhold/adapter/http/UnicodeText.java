package dev.keyhold.adapter.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks that text is Unicode, which Jackson alone does not: it decodes a few malformed byte sequences quietly. */
final class UnicodeText {

  private UnicodeText() {}

  /**
   * Whether {@code bytes} are well-formed UTF-8 (RFC 3629): no overlong form (Jackson reads {@code C0 AF} as
   * {@code /}), no encoded surrogate ({@code ED A0 80}), nothing above U+10FFFF, no stray byte.
   */
  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Whether a Java string is well-formed Unicode: every UTF-16 surrogate is half of a pair, in order. */
  static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
