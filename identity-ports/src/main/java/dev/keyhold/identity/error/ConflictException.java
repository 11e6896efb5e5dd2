package dev.keyhold.identity.error;

/**
 * The request clashes with the current state, with a code naming the clash: {@code slug_taken},
 * {@code role_name_taken}, {@code already_member}, {@code last_owner}, {@code role_in_use}.
 */
public final class ConflictException extends IdentityException {
  public ConflictException(String code, String message) {
    super(code, message);
  }
}
