package dev.keyhold.identity.model.token;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a successful login or refresh hands the client: the RFC 6749 token response.
 *
 * @param accessToken the signed JWT
 * @param expiresIn the access token's lifetime
 * @param refreshToken the opaque refresh token, shown only here and stored only as its hash
 * @param scopes the access token's scopes
 * @param sessionId the session both tokens belong to
 */
public record IssuedTokens(
    String accessToken, Duration expiresIn, String refreshToken, List<String> scopes, SessionId sessionId) {

  public IssuedTokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(expiresIn, "expiresIn");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(sessionId, "sessionId");
    scopes = List.copyOf(scopes);
  }

  /** Always {@code Bearer}. */
  public String tokenType() {
    return "Bearer";
  }

  @Override
  public String toString() {
    return "IssuedTokens[accessToken=***, expiresIn=" + expiresIn + ", refreshToken=***, scopes=" + scopes
        + ", sessionId=" + sessionId + "]";
  }
}
