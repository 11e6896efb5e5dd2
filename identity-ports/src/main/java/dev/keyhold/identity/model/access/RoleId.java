package dev.keyhold.identity.model.access;

import java.util.Objects;
import java.util.UUID;

/** The identity of a role. */
public record RoleId(UUID value) {
  public RoleId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
