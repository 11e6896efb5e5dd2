package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.IdentityException;
import dev.keyhold.identity.model.token.IssuedTokens;
import dev.keyhold.identity.usecase.Accounts;
import dev.keyhold.identity.usecase.Authenticate;
import dev.keyhold.identity.usecase.RotateRefreshToken;
import dev.keyhold.identity.usecase.Sessions;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/token}: the OAuth 2.0 token endpoint for the resource owner password grant (RFC 6749 section
 * 4.3) and refreshing (section 6). Unknown parameters, including {@code scope}, are ignored as section 3.2 requires.
 * A password grant for an account with two-factor sign-in answers 403 {@code mfa_required} with the {@code mfa_token}
 * (Auth0's convention); the client finishes at {@code POST /api/v1/login/mfa}.
 */
final class TokenEndpoint {

  static final String PASSWORD_GRANT = "password";
  static final String REFRESH_TOKEN_GRANT = "refresh_token";
  /** Every {@code grant_type} this endpoint accepts, as the discovery metadata states them. */
  static final List<String> GRANT_TYPES = List.of(PASSWORD_GRANT, REFRESH_TOKEN_GRANT);

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  private final JsonBodies bodies;
  private final Accounts accounts;
  private final Sessions sessions;

  TokenEndpoint(JsonBodies bodies, Accounts accounts, Sessions sessions) {
    this.bodies = bodies;
    this.accounts = accounts;
    this.sessions = sessions;
  }

  void token(Context ctx) {
    TokenResponse.noStore(ctx);
    if (!MediaTypes.matches(ctx.header("Content-Type"), "application/x-www-form-urlencoded")) {
      throw OAuthError.invalidRequest("The request body must be application/x-www-form-urlencoded.");
    }
    byte[] body;
    try {
      body = bodies.bytes(ctx);
    } catch (HttpProblem e) {
      if (e.code() == TransportCode.MALFORMED_BODY) {
        // RFC 6749 section 5.2: a request this endpoint cannot read is its invalid_request
        throw OAuthError.invalidRequest("The request body could not be read to its end.");
      }
      throw e;
    }
    Map<String, String> params = parseForm(body);
    String grantType = required(params, "grant_type");
    IssuedTokens tokens;
    try {
      if (grantType.equals(PASSWORD_GRANT)) {
        String username = required(params, "username");
        String password = required(params, "password");
        Authenticate.LoginResult result =
            accounts.login(new Authenticate.Command(username, password, RequestScope.client(ctx)));
        if (result instanceof Authenticate.MfaRequired challenge) {
          throw OAuthError.mfaRequired(challenge);
        }
        tokens = AccountRoutes.tokensOf(result);
      } else if (grantType.equals(REFRESH_TOKEN_GRANT)) {
        String refreshToken = required(params, "refresh_token");
        tokens = sessions.refresh(new RotateRefreshToken.Command(refreshToken, RequestScope.client(ctx)));
      } else {
        throw OAuthError.unsupportedGrantType();
      }
    } catch (IdentityException e) {
      throw OAuthError.from(e);
    }
    ctx.status(200).json(TokenResponse.of(tokens));
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      throw OAuthError.invalidRequest("The " + name + " parameter is required.");
    }
    return value;
  }

  /**
   * The form's parameters. A parameter without a value counts as absent (section 3.1); one given twice is an error,
   * whatever its values.
   */
  static Map<String, String> parseForm(byte[] body) {
    Map<String, String> params = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!seen.add(name)) {
        throw OAuthError.invalidRequest(PLAIN_NAME.matcher(name).matches()
            ? "The " + name + " parameter must not be repeated."
            : "A parameter must not be repeated.");
      }
      if (!value.isEmpty()) {
        params.put(name, value);
      }
    }
    return params;
  }

  private static String decode(String text) {
    try {
      return UrlDecoding.decode(text);
    } catch (IllegalArgumentException e) {
      throw OAuthError.invalidRequest("The form body is not correctly URL-encoded.");
    }
  }
}
