package dev.keyhold.identity.model.external;

import dev.keyhold.identity.error.NotFoundException;
import java.util.Objects;
import java.util.UUID;

/** The identity of a link between a user and an account at an external provider. */
public record ExternalIdentityId(UUID value) {
  public ExternalIdentityId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id from a path; anything else is a link that does not exist. */
  public static ExternalIdentityId parse(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      if (uuid.toString().equalsIgnoreCase(text)) {
        return new ExternalIdentityId(uuid);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // fall through
    }
    throw new NotFoundException("No such sign-in method.");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
