package dev.keyhold.identity.model.user;

import java.util.Objects;

/**
 * An encoded password hash in the hasher's own self-describing format (for Argon2id, the PHC string
 * {@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}). Never printed: {@link #toString()} hides it.
 */
public record PasswordHash(String encoded) {
  public PasswordHash {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.isEmpty()) {
      throw new IllegalArgumentException("an encoded hash cannot be empty");
    }
  }

  @Override
  public String toString() {
    return "PasswordHash[***]";
  }
}
