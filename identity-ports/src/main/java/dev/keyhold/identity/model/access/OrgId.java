package dev.keyhold.identity.model.access;

import dev.keyhold.identity.error.NotFoundException;
import java.util.Objects;
import java.util.UUID;

/** The identity of an organization; the {@code org_id} claim of organization-scoped tokens. */
public record OrgId(UUID value) {
  public OrgId {
    Objects.requireNonNull(value, "value");
  }

  /** Parses an id from a path; anything that is not a canonical UUID is an organization that does not exist. */
  public static OrgId parse(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      if (uuid.toString().equalsIgnoreCase(text)) {
        return new OrgId(uuid);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // fall through
    }
    throw new NotFoundException("No such organization.");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
