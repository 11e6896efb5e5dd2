package dev.keyhold.identity.error;

/**
 * The one family of rejections Keyhold raises. Every subtype carries a stable, machine-readable {@link #code()}
 * that clients may branch on; the HTTP adapter maps each code to exactly one status.
 *
 * <p>Messages are safe to show to the caller: they never contain a secret, and rejections that could reveal whether
 * an account exists use the same message for every cause.
 */
public abstract sealed class IdentityException extends RuntimeException
    permits ValidationException, InvalidCredentialsException, EmailNotVerifiedException, InvalidTokenException,
        TokenReusedException, EmailTakenException, NotFoundException, ForbiddenException, ConflictException,
        TooManyRequestsException, OverloadedException, StoreUnavailableException {

  private final String code;

  protected IdentityException(String code, String message) {
    this(code, message, null);
  }

  protected IdentityException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * For a rejection that is an expected answer under load and says nothing about where it was raised: no stack trace
   * is recorded, so raising it thousands of times a second costs next to nothing.
   */
  protected IdentityException(String code, String message, boolean withoutStackTrace) {
    super(message, null, false, !withoutStackTrace);
    this.code = code;
  }

  /** The stable machine-readable code, for example {@code invalid_credentials}. */
  public String code() {
    return code;
  }
}
