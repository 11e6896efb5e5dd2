package dev.keyhold.identity.model.user;

import dev.keyhold.identity.error.ValidationException;
import java.util.Objects;
import java.util.UUID;

/** The stable identity of a user; the {@code sub} claim of its tokens. */
public record UserId(UUID value) {
  public UserId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses the canonical UUID form, rejecting anything else as a validation failure of {@code field}. */
  public static UserId parse(String text, String field) {
    try {
      UUID uuid = UUID.fromString(text);
      if (!uuid.toString().equalsIgnoreCase(text)) {
        throw new IllegalArgumentException("not canonical");
      }
      return new UserId(uuid);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ValidationException.of(field, "invalid_id", "Not a valid identifier.");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
