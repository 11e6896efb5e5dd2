package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Creates an account with email and password and sends a verification link. */
public interface RegisterAccount {

  /**
   * @param email the address as typed
   * @param password the chosen password (8 to 256 characters, not a common password)
   * @param displayName an optional name, or {@code null}
   * @param client who is asking
   */
  record Command(String email, String password, String displayName, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[email=" + email + ", password=***, displayName=" + displayName + "]";
    }
  }

  /**
   * The outcome. An API must answer both alike, or it tells strangers which addresses have accounts; the owner of
   * an existing address is told by mail instead.
   */
  sealed interface Result {}

  /** A new account was created and a verification link sent. */
  record Created(UserId userId) implements Result {}

  /** The address already has an account; nothing was created. */
  record AlreadyRegistered() implements Result {}

  /**
   * @throws dev.keyhold.identity.error.ValidationException for an invalid email, display name or password
   */
  Result register(Command command);
}
