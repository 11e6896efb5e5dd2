package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Consumes an email-verification link token and marks the address verified. */
public interface VerifyEmail {

  record Command(String token, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[token=***]";
    }
  }

  /**
   * @return whose address was verified
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code LINK_TOKEN} when the token is unknown,
   *     used or expired
   */
  UserId verifyEmail(Command command);
}
