package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import java.util.Objects;

/**
 * Finishes a sign-in through an external provider: takes the {@code state} (once), exchanges the code, and signs in
 * the user the provider's account is linked to. A first sign-in links the account to a local user with the same
 * address only when the provider vouches for the address and the local address is verified; a local account whose
 * address was never verified loses its password and sessions first (it may have been registered by someone else to
 * hijack the real owner's later sign-in); otherwise a new verified user without a password is created.
 */
public interface CompleteExternalLogin {

  /** The longest {@code state} looked at: the core's have 43 characters. */
  int MAX_STATE_LENGTH = 512;

  /** The longest provider {@code code} passed on: they are opaque, and Entra's run past a thousand characters. */
  int MAX_CODE_LENGTH = 4096;

  record Command(String provider, String code, String state, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[provider=" + provider + ", code=***, state=***]";
    }
  }

  /**
   * @return the session, whose tokens carry {@code amr} {@code ["fed"]} (a federated assertion, as Entra names it),
   *     or {@link Authenticate.MfaRequired} when the user has a second factor
   * @throws dev.keyhold.identity.error.ExternalLoginException {@code invalid_oauth_state} or {@code oauth_login_failed}
   * @throws dev.keyhold.identity.error.ProviderUnavailableException when the provider cannot be reached
   * @throws dev.keyhold.identity.error.InvalidCredentialsException when the linked user is disabled
   */
  Authenticate.LoginResult completeExternalLogin(Command command);
}
