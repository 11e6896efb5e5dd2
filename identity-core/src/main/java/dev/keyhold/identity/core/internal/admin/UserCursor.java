package dev.keyhold.identity.core.internal.admin;

import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.model.user.Email;
import dev.keyhold.identity.model.user.UserId;
import dev.keyhold.identity.spi.UserRepository;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque cursor of the user list: URL-safe base64 (no padding) of the last listed user's normalized email, a line
 * feed (which no email contains) and their id. Clients must not build or parse it; the format may change. Pure.
 */
final class UserCursor {

  /** Longer than any cursor {@link #encode} makes (a 254-character email and a UUID, base64-encoded). */
  static final int MAX_LENGTH = 1024;

  private static final char SEPARATOR = '\n';

  private UserCursor() {}

  static String encode(UserRepository.Position position) {
    String text = position.normalizedEmail() + SEPARATOR + position.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position a cursor stands for.
   *
   * @throws ValidationException on field {@code cursor} with code {@code invalid_cursor} for anything
   *     {@link #encode} did not make
   */
  static UserRepository.Position decode(String cursor) {
    if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH || cursor.indexOf('=') >= 0) {
      throw invalid();
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      int separator = text.lastIndexOf(SEPARATOR);
      if (separator <= 0) {
        throw invalid();
      }
      String email = text.substring(0, separator);
      String id = text.substring(separator + 1);
      if (!Email.parse(email).normalized().equals(email)) {
        throw invalid();
      }
      UUID uuid = UUID.fromString(id);
      if (!uuid.toString().equals(id)) {
        throw invalid();
      }
      return new UserRepository.Position(email, new UserId(uuid));
    } catch (IllegalArgumentException | CharacterCodingException | ValidationException e) {
      throw invalid();
    }
  }

  private static ValidationException invalid() {
    return ValidationException.of("cursor", "invalid_cursor", "The cursor is not one this list gave out.");
  }
}
