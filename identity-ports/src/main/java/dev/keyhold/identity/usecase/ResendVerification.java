package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import java.util.Objects;

/**
 * Sends a fresh verification link to an unverified account, invalidating earlier links. Behaves identically for
 * unknown, verified and unverified addresses, so it reveals nothing.
 */
public interface ResendVerification {

  record Command(String email, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }
  }

  /** @throws dev.keyhold.identity.error.ValidationException for a malformed email only */
  void resendVerification(Command command);
}
