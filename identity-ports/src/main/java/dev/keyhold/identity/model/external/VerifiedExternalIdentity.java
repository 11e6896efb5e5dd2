package dev.keyhold.identity.model.external;

import java.util.Objects;

/**
 * What an {@link dev.keyhold.identity.spi.IdentityProvider} learned from a validated ID token: who the provider says
 * signed in, and whether it vouches for their email address.
 *
 * @param issuer the token's issuer, checked (for Entra, the token's own tenant's issuer)
 * @param subject the provider's stable id of the account, checked unique per issuer (for Entra, {@code tid:oid})
 * @param email the address the token names, or {@code null}
 * @param emailVerified whether the provider vouches that the account owns {@code email}: Google's
 *     {@code email_verified}, Entra only with a verified domain ({@code xms_edov}); never assumed
 * @param displayName the person's name, or {@code null}
 */
public record VerifiedExternalIdentity(
    String issuer, String subject, String email, boolean emailVerified, String displayName) {
  public VerifiedExternalIdentity {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
  }
}
