package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/**
 * Applies a requested email change with the token the confirmation link carries: the user's address becomes the new
 * one, verified (the link proved it is theirs), and every session but the one that asked ends. Nobody needs to be
 * signed in: the token is bound to the user.
 */
public interface ConfirmEmailChange {

  record Command(String token, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[token=***]";
    }
  }

  /** Whose address changed, to what, and how many of their sessions ended. */
  record Confirmed(UserId userId, String email, int sessionsEnded) {}

  /**
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code LINK_TOKEN} when the token is unknown,
   *     used, replaced by a newer request or expired, or its user is gone or disabled
   * @throws dev.keyhold.identity.error.EmailTakenException when the address belongs to another user by now (the
   *     link is used up; the user may ask again with another address)
   */
  Confirmed confirmEmailChange(Command command);
}
