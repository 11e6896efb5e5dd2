package dev.keyhold.identity.error;

/** The thing asked for does not exist, or the caller may not know that it does. */
public final class NotFoundException extends IdentityException {
  public NotFoundException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }
}
