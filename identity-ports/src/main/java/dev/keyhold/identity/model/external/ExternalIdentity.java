package dev.keyhold.identity.model.external;

import dev.keyhold.identity.model.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's account at an external OpenID Connect provider, linked for sign-in. Keyed on {@code issuer} and
 * {@code subject}, never on an email address: addresses change hands, subjects do not.
 *
 * @param id stable identity of the link
 * @param userId the Keyhold user it signs in
 * @param provider the configured provider's name ({@code google}, {@code microsoft}, or a generic issuer's name)
 * @param issuer the issuer that vouches for {@code subject} (for Entra, the tenant's issuer)
 * @param subject the provider's stable id of the account (for Entra, {@code tid} and {@code oid})
 * @param email the address the provider gave at linking, for display only; {@code null} when it gave none
 * @param linkedAt when it was linked
 */
public record ExternalIdentity(
    ExternalIdentityId id, UserId userId, String provider, String issuer, String subject, String email,
    Instant linkedAt) {

  /** The longest issuer, subject or provider name a store must hold. */
  public static final int MAX_KEY_LENGTH = 255;

  public ExternalIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(linkedAt, "linkedAt");
    requireKey(provider, "provider");
    requireKey(issuer, "issuer");
    requireKey(subject, "subject");
  }

  private static void requireKey(String value, String name) {
    if (value == null || value.isEmpty() || value.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(name + " must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
  }
}
