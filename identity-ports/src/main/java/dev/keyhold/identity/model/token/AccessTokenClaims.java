package dev.keyhold.identity.model.token;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param custom further claims an operator's customizer added (JSON values; never a claim above), often empty
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
    String orgId,
    Map<String, Object> custom) {

  /** Claims without custom ones. */
  public AccessTokenClaims(String issuer, String audience, String subject, Instant issuedAt, Instant expiresAt,
      String jwtId, String sessionId, List<String> scopes, List<String> authMethods, String email,
      boolean emailVerified, String orgId) {
    this(issuer, audience, subject, issuedAt, expiresAt, jwtId, sessionId, scopes, authMethods, email, emailVerified,
        orgId, Map.of());
  }

  public AccessTokenClaims {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(jwtId, "jwtId");
    scopes = List.copyOf(scopes);
    authMethods = List.copyOf(authMethods);
    custom = Collections.unmodifiableMap(new LinkedHashMap<>(custom));
  }

  public Optional<String> organization() {
    return Optional.ofNullable(orgId);
  }
}
