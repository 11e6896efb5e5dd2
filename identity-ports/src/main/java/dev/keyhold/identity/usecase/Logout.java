package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import java.util.Objects;

/** Ends the session a refresh token belongs to. Idempotent, and silent about unknown tokens (as RFC 7009). */
public interface Logout {

  record Command(String refreshToken, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[refreshToken=***]";
    }
  }

  void logout(Command command);
}
