package dev.keyhold.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of an access token that {@link KeyholdTokenVerifier} accepted: who, in which session, allowed what.
 * Authorization decisions use these; their helpers throw {@link InsufficientScopeException} to refuse.
 *
 * @param subject {@code sub}: the user id
 * @param sessionId {@code sid}: the session the token belongs to, or {@code null}
 * @param scopes {@code scope}, split; empty for a personal session token
 * @param organizationId {@code org_id} for an organization token, else {@code null}
 * @param authMethods {@code amr} (RFC 8176): {@code pwd}, {@code otp}, {@code mfa}, {@code fed}
 * @param email {@code email}, or {@code null}
 * @param emailVerified {@code email_verified}
 * @param jwtId {@code jti}, or {@code null}
 */
public record VerifiedToken(String subject, String sessionId, List<String> scopes, String organizationId,
    List<String> authMethods, String email, boolean emailVerified, Instant issuedAt, Instant expiresAt,
    String jwtId) {

  public VerifiedToken {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    scopes = List.copyOf(scopes);
    authMethods = List.copyOf(authMethods);
  }

  /** {@code org_id}, present for an organization token. */
  public Optional<String> organization() {
    return Optional.ofNullable(organizationId);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** Refuses a token without {@code scope}, such as {@code members:read}. */
  public VerifiedToken requireScope(String scope) {
    if (!hasScope(Objects.requireNonNull(scope, "scope"))) {
      throw new InsufficientScopeException(scope, "the access token lacks the scope " + scope);
    }
    return this;
  }

  /** Refuses a token that is not an organization token of {@code orgId}. */
  public VerifiedToken requireOrganization(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    if (!orgId.equalsIgnoreCase(organizationId)) {
      throw new InsufficientScopeException("org_id=" + orgId, "the access token is not for organization " + orgId);
    }
    return this;
  }

  /** Whether the sign-in passed a second factor: {@code amr} holds {@code otp} or {@code mfa}. */
  public boolean passedSecondFactor() {
    return authMethods.contains("otp") || authMethods.contains("mfa");
  }

  /** Refuses a token whose sign-in did not pass a second factor. */
  public VerifiedToken requireSecondFactor() {
    if (!passedSecondFactor()) {
      throw new InsufficientScopeException("amr=otp|mfa", "the sign-in did not pass a second factor");
    }
    return this;
  }
}
