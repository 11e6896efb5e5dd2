package dev.keyhold.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A token response of {@code /login}, {@code /login/mfa} or {@code /refresh}: an access token for
 * {@code Authorization: Bearer}, valid for {@code expiresIn} from when it was issued, and the refresh token that
 * {@link KeyholdClient#refresh(String)} exchanges, once, for the next pair. {@link #toString()} shows neither token.
 *
 * @param accessToken the signed JWT ({@code typ: at+jwt})
 * @param tokenType {@code Bearer}
 * @param expiresIn the access token's lifetime
 * @param refreshToken single use: presenting it twice ends the session ({@code token_reused})
 * @param scopes the granted scopes; usually empty for a personal session
 */
public record Tokens(String accessToken, String tokenType, Duration expiresIn, String refreshToken,
    List<String> scopes) {

  public Tokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(expiresIn, "expiresIn");
    Objects.requireNonNull(refreshToken, "refreshToken");
    scopes = List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "Tokens[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scopes=" + scopes + ", tokens=(hidden)]";
  }
}
