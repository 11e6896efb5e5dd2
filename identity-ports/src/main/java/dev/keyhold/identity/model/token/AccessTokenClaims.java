package dev.keyhold.identity.model.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of an access token (a JWT with {@code typ: at+jwt}), named after their JWT claims.
 *
 * @param issuer {@code iss}
 * @param audience {@code aud}
 * @param subject {@code sub}: the user id
 * @param issuedAt {@code iat}
 * @param expiresAt {@code exp}
 * @param jwtId {@code jti}: unique per token
 * @param sessionId {@code sid}: the session (refresh family) the token belongs to
 * @param scopes {@code scope}, space-separated in the JWT
 * @param authMethods {@code amr}, for example {@code pwd}
 * @param email {@code email}: the display form of the address
 * @param emailVerified {@code email_verified}
 * @param orgId {@code org_id} when scoped to an organization, else {@code null}
 */
public record AccessTokenClaims(
    String issuer,
    String audience,
    String subject,
    Instant issuedAt,
    Instant expiresAt,
    String jwtId,
    String sessionId,
    List<String> scopes,
    List<String> authMethods,
    String email,
    boolean emailVerified,
    String orgId) {

  public AccessTokenClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(jwtId, "jwtId");
    scopes = List.copyOf(scopes);
    authMethods = List.copyOf(authMethods);
  }

  public Optional<String> organization() {
    return Optional.ofNullable(orgId);
  }
}
