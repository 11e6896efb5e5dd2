package dev.keyhold.identity.error;

import java.util.Set;

/**
 * The request clashes with the current state, with a code naming the clash: {@link ErrorCode#SLUG_TAKEN},
 * {@link ErrorCode#ROLE_NAME_TAKEN}, {@link ErrorCode#ALREADY_MEMBER}, {@link ErrorCode#LAST_OWNER},
 * {@link ErrorCode#MFA_ALREADY_ENABLED} or {@link ErrorCode#MFA_NOT_ENABLED}.
 */
public final class ConflictException extends IdentityException {

  /** The codes a conflict may carry. */
  public static final Set<ErrorCode> CODES =
      Set.of(ErrorCode.SLUG_TAKEN, ErrorCode.ROLE_NAME_TAKEN, ErrorCode.ALREADY_MEMBER, ErrorCode.LAST_OWNER,
          ErrorCode.MFA_ALREADY_ENABLED, ErrorCode.MFA_NOT_ENABLED, ErrorCode.LAST_SIGN_IN_METHOD,
          ErrorCode.IDENTITY_ALREADY_LINKED);

  /** @throws IllegalArgumentException when {@code code} is not one of {@link #CODES} */
  public ConflictException(ErrorCode code, String message) {
    super(requireConflict(code), message);
  }

  private static ErrorCode requireConflict(ErrorCode code) {
    if (!CODES.contains(code)) {
      throw new IllegalArgumentException("not a conflict code: " + code);
    }
    return code;
  }
}
