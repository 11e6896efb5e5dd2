package dev.keyhold.identity.model.org;

import dev.keyhold.identity.error.NotFoundException;
import java.util.Objects;
import java.util.UUID;

/** The identity of an invitation (not its secret token). */
public record InvitationId(UUID value) {
  public InvitationId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id from a path; anything else is an invitation that does not exist. */
  public static InvitationId parse(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      if (uuid.toString().equalsIgnoreCase(text)) {
        return new InvitationId(uuid);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // fall through
    }
    throw new NotFoundException("No such invitation.");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
