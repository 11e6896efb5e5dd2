package dev.keyhold.identity.error;

/**
 * A refresh token that was already rotated was presented again. The whole session (token family) has been revoked:
 * either the client raced itself or the token was stolen, and Keyhold cannot tell which.
 */
public final class TokenReusedException extends IdentityException {
  public TokenReusedException() {
    super(ErrorCode.TOKEN_REUSED, "The refresh token was already used; the session has been revoked. Sign in again.");
  }
}
