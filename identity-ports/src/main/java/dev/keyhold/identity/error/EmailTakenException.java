package dev.keyhold.identity.error;

/**
 * A store refused a user because another user already has the same normalized email. Raised by
 * {@code UserRepository.insert}; registration turns it into the same answer a new address gets, so HTTP clients of
 * registration never see it.
 */
public final class EmailTakenException extends IdentityException {
  public EmailTakenException() {
    super(ErrorCode.EMAIL_TAKEN, "An account with this email already exists.");
  }
}
