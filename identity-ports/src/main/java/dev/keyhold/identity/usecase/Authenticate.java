package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.model.user.UserId;
import java.time.Duration;
import java.util.List;
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

  /** What a login gives: a session, or the second step of a two-factor sign-in. */
  sealed interface LoginResult {}

  /** Signed in: a new session with its tokens. */
  record Authenticated(UserId userId, IssuedTokens tokens) implements LoginResult {}

  /**
   * The password was right and the account has two-factor sign-in: no session yet. The caller finishes with
   * {@link CompleteMfaLogin} and a code of one of {@code methods}.
   *
   * @param mfaToken opaque and single use; shown only here
   * @param expiresIn how long {@code mfaToken} lives
   * @param methods the methods a code may be of, for example {@code ["totp", "recovery_code"]}
   */
  record MfaRequired(String mfaToken, Duration expiresIn, List<String> methods) implements LoginResult {
    public MfaRequired {
      Objects.requireNonNull(mfaToken, "mfaToken");
      Objects.requireNonNull(expiresIn, "expiresIn");
      methods = List.copyOf(methods);
    }

    @Override
    public String toString() {
      return "MfaRequired[mfaToken=***, expiresIn=" + expiresIn + ", methods=" + methods + "]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.InvalidCredentialsException for an unknown email, a wrong password or a
   *     disabled account, all alike and in the same time
   * @throws dev.keyhold.identity.error.EmailNotVerifiedException after a correct password when verification is
   *     required and missing
   * @throws dev.keyhold.identity.error.ValidationException when the password is longer than any valid password
   */
  LoginResult login(Command command);
}
