package dev.keyhold.identity.error;

import java.util.Objects;

/**
 * The one family of rejections Keyhold raises. Every subtype carries one {@link ErrorCode}, a closed set, whose
 * stable, machine-readable {@link #code()} clients may branch on; the HTTP adapter maps each code to exactly one
 * status.
 *
 * <p>Messages are safe to show to the caller: they never contain a secret, and rejections that could reveal whether
 * an account exists use the same message for every cause.
 */
public abstract sealed class IdentityException extends RuntimeException
    permits ValidationException, InvalidCredentialsException, EmailNotVerifiedException, InvalidTokenException,
        TokenReusedException, EmailTakenException, NotFoundException, ForbiddenException, ConflictException,
        MfaRequiredException, ExternalLoginException, ProviderUnavailableException, TooManyRequestsException,
        OverloadedException, StoreUnavailableException, RefusedByHookException, HookFailedException {

  private final ErrorCode errorCode;

  protected IdentityException(ErrorCode code, String message) {
    this(code, message, null);
  }

  protected IdentityException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(code, "code");
  }

  /**
   * For a rejection that is an expected answer under load and says nothing about where it was raised: no stack trace
   * is recorded, so raising it thousands of times a second costs next to nothing.
   */
  protected IdentityException(ErrorCode code, String message, boolean withoutStackTrace) {
    super(message, null, false, !withoutStackTrace);
    this.errorCode = Objects.requireNonNull(code, "code");
  }

  /** Which rejection this is: one of the closed set. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The stable machine-readable code, for example {@code invalid_credentials}: {@code errorCode().code()}. */
  public String code() {
    return errorCode.code();
  }
}
