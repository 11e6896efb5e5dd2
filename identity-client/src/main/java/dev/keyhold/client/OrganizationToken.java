package dev.keyhold.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An access token scoped to one organization, carrying {@code org_id} and the caller's current scopes there. It has
 * no refresh token: when it expires, ask again with a fresh session token. {@link #toString()} hides the token.
 */
public record OrganizationToken(String accessToken, String tokenType, Duration expiresIn, List<String> scopes,
    String orgId) {

  public OrganizationToken {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(expiresIn, "expiresIn");
    Objects.requireNonNull(orgId, "orgId");
    scopes = List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "OrganizationToken[orgId=" + orgId + ", scopes=" + scopes + ", expiresIn=" + expiresIn
        + ", accessToken=(hidden)]";
  }
}
