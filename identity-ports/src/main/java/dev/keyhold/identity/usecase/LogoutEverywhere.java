package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Ends every session of a user. */
public interface LogoutEverywhere {

  record Command(UserId userId, ClientInfo client) {
    public Command {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(client, "client");
    }
  }

  /** @return how many sessions were ended */
  int logoutEverywhere(Command command);
}
