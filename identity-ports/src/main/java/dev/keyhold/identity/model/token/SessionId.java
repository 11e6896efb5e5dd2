package dev.keyhold.identity.model.token;

import java.util.Objects;
import java.util.UUID;

/**
 * A sign-in session: one chain (family) of refresh tokens, from login until logout, revocation or the end of its
 * absolute lifetime. It is the {@code sid} claim of every access token issued in it.
 */
public record SessionId(UUID value) {
  public SessionId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
