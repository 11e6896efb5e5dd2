package dev.keyhold.identity.error;

/** The caller is known but lacks the permission for this action. */
public final class ForbiddenException extends IdentityException {
  public ForbiddenException(String message) {
    super(ErrorCode.FORBIDDEN, message);
  }
}
