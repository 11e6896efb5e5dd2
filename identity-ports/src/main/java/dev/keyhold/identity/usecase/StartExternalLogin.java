package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import java.net.URI;
import java.util.Objects;

/**
 * Starts a sign-in through an external provider: answers the provider's authorization URL (authorization code with
 * PKCE S256, {@code state} and {@code nonce}) and keeps {@code state}, {@code nonce}, the PKCE verifier, the provider
 * and the redirect URI server-side, in the ephemeral store, for ten minutes and one use.
 */
public interface StartExternalLogin {

  /**
   * @param provider the provider's name
   * @param redirectUri where the provider sends the browser back; {@code null} for the provider's first registered
   *     one; otherwise it must equal a registered one character for character
   */
  record Command(String provider, String redirectUri, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }
  }

  /** @param state the value the callback must bring back; also inside {@code authorizationUrl} */
  record Authorization(URI authorizationUrl, String state) {
    @Override
    public String toString() {
      return "Authorization[authorizationUrl=***, state=***]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.NotFoundException for a provider that is not enabled
   * @throws dev.keyhold.identity.error.ValidationException {@code redirect_uri} for a redirect URI not registered
   */
  Authorization startExternalLogin(Command command);
}
