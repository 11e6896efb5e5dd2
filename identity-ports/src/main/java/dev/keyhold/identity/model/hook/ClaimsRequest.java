package dev.keyhold.identity.model.hook;

import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.model.token.SessionId;
import dev.keyhold.identity.model.user.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An access token about to be signed, as a {@code TokenClaimsCustomizer} sees it.
 *
 * @param userId the subject
 * @param email the subject's address
 * @param sessionId the session ({@code sid})
 * @param orgId the organization of an organization token, or {@code null}
 * @param scopes the scopes the token grants
 * @param authMethods its {@code amr}
 */
public record ClaimsRequest(UserId userId, String email, SessionId sessionId, OrgId orgId, List<String> scopes,
    List<String> authMethods) {

  /** Claims Keyhold sets itself; a customizer cannot add or replace them. */
  public static final Set<String> RESERVED =
      Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "sid", "scope", "org_id", "amr", "typ", "email",
          "email_verified");

  /** The most a customizer's claims may take, as compact JSON in UTF-8. */
  public static final int MAX_CUSTOM_CLAIMS_BYTES = 2048;

  public ClaimsRequest {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(sessionId, "sessionId");
    scopes = List.copyOf(scopes);
    authMethods = List.copyOf(authMethods);
  }
}
