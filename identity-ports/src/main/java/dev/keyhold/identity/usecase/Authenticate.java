package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/** Password login: checks the credentials and starts a session. */
public interface Authenticate {

  record Command(String email, String password, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[email=" + email + ", password=***]";
    }
  }

  /** What a login gives; later capabilities (two-factor) add cases the caller must handle. */
  sealed interface LoginResult {}

  /** Signed in: a new session with its tokens. */
  record Authenticated(UserId userId, IssuedTokens tokens) implements LoginResult {}

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException for an unknown email, a wrong password or a
   *     disabled account, all alike and in the same time
   * @throws dev.keyhold.identity.error.EmailNotVerifiedException after a correct password when verification is
   *     required and missing
   * @throws dev.keyhold.identity.error.ValidationException when the password is longer than any valid password
   */
  LoginResult login(Command command);
}
