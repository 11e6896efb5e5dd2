package dev.keyhold.identity.usecase;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.UserId;
import java.util.Objects;

/**
 * Creates the first administrator, or makes an existing user one: for the {@code create-admin} command and the
 * bootstrap settings, so it takes no actor.
 */
public interface BootstrapAdmin {

  /**
   * @param email the administrator's address
   * @param password the password of a new user; ignored (and may be {@code null}) when the address has an account
   * @param client who is asking, for audit
   */
  record Command(String email, String password, ClientInfo client) {
    public Command {
      Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
      return "Command[email=" + email + ", password=***]";
    }
  }

  /**
   * A new user gets the given password and a verified email; an existing user keeps their password. Idempotent.
   *
   * @return the administrator's id
   * @throws dev.keyhold.identity.error.ValidationException for a bad email or a password the policy refuses
   */
  UserId bootstrapAdmin(Command command);
}
