package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.token.IssuedTokens;
import java.util.Objects;

/**
 * Exchanges a refresh token for a new access token and a new refresh token. The presented token is then used up;
 * presenting it again revokes its whole session.
 */
public interface RotateRefreshToken {

  record Command(String refreshToken, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[refreshToken=***]";
    }
  }

  /**
   * @throws dev.keyhold.identity.error.InvalidTokenException of kind {@code REFRESH_TOKEN} for an unknown token, an
   *     expired or revoked session, or a disabled user
   * @throws dev.keyhold.identity.error.TokenReusedException when the token was already used; the session is revoked
   */
  IssuedTokens refresh(Command command);
}
