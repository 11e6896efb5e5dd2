package dev.keyhold.identity.error;

/**
 * An external identity provider could not be reached or answered with a server error: its discovery document, its
 * keys or its token endpoint. Nothing was decided; the sign-in may be started again later. The message names the
 * provider and the step, never a token.
 */
public final class ProviderUnavailableException extends IdentityException {
  public ProviderUnavailableException(String message, Throwable cause) {
    super(ErrorCode.PROVIDER_UNAVAILABLE, message, cause);
  }
}
