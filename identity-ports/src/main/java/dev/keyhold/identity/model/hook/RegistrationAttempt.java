package dev.keyhold.identity.model.hook;

import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.model.user.Email;
import java.util.Objects;

/**
 * A sign-up, as a {@code RegistrationCheck} sees it, before Keyhold looks at whether the address has an account.
 *
 * @param email the address, normalized and as typed
 * @param displayName the name given, or {@code null}
 * @param via {@code password} for {@code POST /register}, or the provider's name for a first sign-in through it
 * @param client who is calling
 */
public record RegistrationAttempt(Email email, String displayName, String via, ClientInfo client) {

  public RegistrationAttempt {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(client, "client");
  }
}
