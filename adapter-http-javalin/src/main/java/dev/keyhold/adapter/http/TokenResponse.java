package dev.keyhold.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyhold.identity.model.token.IssuedTokens;
import io.javalin.http.Context;

/**
 * The RFC 6749 section 5.1 access token response; {@code scope} is left out when there are no scopes, and
 * {@code refresh_token} when it went into the refresh cookie ({@link RefreshCookie}).
 */
record TokenResponse(
    String accessToken,
    String tokenType,
    long expiresIn,
    @JsonInclude(JsonInclude.Include.NON_NULL) String refreshToken,
    @JsonInclude(JsonInclude.Include.NON_NULL) String scope) {

  static TokenResponse of(IssuedTokens tokens) {
    return new TokenResponse(
        tokens.accessToken(),
        tokens.tokenType(),
        tokens.expiresIn().toSeconds(),
        tokens.refreshToken(),
        tokens.scopes().isEmpty() ? null : String.join(" ", tokens.scopes()));
  }

  /** This response without the refresh token, which went into the refresh cookie instead. */
  TokenResponse withoutRefreshToken() {
    return new TokenResponse(accessToken, tokenType, expiresIn, null, scope);
  }

  /** Responses carrying tokens must not be cached (RFC 6749 section 5.1). */
  static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
  }
}
