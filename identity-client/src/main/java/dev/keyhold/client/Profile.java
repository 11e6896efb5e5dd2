package dev.keyhold.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed-in user as {@code GET /me} answers it.
 *
 * @param id the user id (a UUID)
 * @param email the address as registered (display form)
 * @param displayName may be {@code null}
 * @param status {@code active} or {@code disabled}
 */
public record Profile(String id, String email, String displayName, boolean emailVerified, String status,
    Instant createdAt, boolean mfaEnabled) {

  public Profile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public Optional<String> displayNameIfSet() {
    return Optional.ofNullable(displayName);
  }
}
