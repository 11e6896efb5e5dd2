package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.InvalidTokenException;
import io.javalin.http.Context;
import java.util.List;

/**
 * The refresh cookie at work ({@link RefreshCookieSettings}). A request opts in with {@value #OPT_IN_HEADER}{@code :
 * 1}: a login, two-factor login or external sign-in then gets its refresh token as the cookie and not in the body,
 * and {@code /refresh} and {@code /logout} take it from the cookie when the body is empty. The header is also the
 * guard against cross-site request forgery: a form cannot send it, and a script on another origin cannot without a
 * CORS preflight that Keyhold never grants; when the request names its {@code Origin}, that must be an allowed one.
 * The cookie alone never refreshes or ends a session.
 *
 * <p>The cookie is set twice under one name, with {@code Path=/api/v1/refresh} and {@code Path=/api/v1/logout}, so
 * that the browser sends it to those two routes and no other; both copies are rotated and cleared together.
 */
final class RefreshCookie {

  static final String NAME = "keyhold_refresh";
  static final String OPT_IN_HEADER = "X-Keyhold-Refresh-Cookie";
  static final String REFRESH_PATH = "/api/v1/refresh";
  static final String LOGOUT_PATH = "/api/v1/logout";
  static final List<String> PATHS = List.of(REFRESH_PATH, LOGOUT_PATH);

  /** No cookie: never set, never read, the header ignored. */
  static final RefreshCookie OFF = new RefreshCookie(null);

  private final RefreshCookieSettings settings;

  RefreshCookie(RefreshCookieSettings settings) {
    this.settings = settings;
  }

  boolean enabled() {
    return settings != null;
  }

  /**
   * Whether the request uses the cookie: the mode is on and the request sends {@value #OPT_IN_HEADER}{@code : 1}.
   *
   * @throws HttpProblem {@code csrf_rejected} when it does from an {@code Origin} that is not allowed
   */
  boolean optedIn(Context ctx) {
    if (!enabled() || !"1".equals(ctx.header(OPT_IN_HEADER))) {
      return false;
    }
    String origin = ctx.header("Origin");
    if (origin != null && !allowed(origin)) {
      throw new HttpProblem(TransportCode.CSRF_REJECTED,
          "This origin may not use the refresh cookie; add it to COOKIE_ORIGINS.");
    }
    return true;
  }

  /** Whether a body-less {@code /refresh} or {@code /logout} means the cookie: the mode is on and the cookie came. */
  boolean present(Context ctx) {
    return enabled() && ctx.cookie(NAME) != null;
  }

  /** The refresh token for a request that opted in and has none in the cookie: refused as an unknown token. */
  static InvalidTokenException missing() {
    return new InvalidTokenException(InvalidTokenException.Kind.REFRESH_TOKEN, "no_refresh_cookie");
  }

  /** Sets both copies of the cookie to {@code refreshToken}. */
  void issue(Context ctx, String refreshToken) {
    for (String path : PATHS) {
      ctx.res().addHeader("Set-Cookie", header(refreshToken, path, settings.maxAge().toSeconds()));
    }
  }

  /** Clears both copies ({@code Max-Age=0}). */
  void clear(Context ctx) {
    for (String path : PATHS) {
      ctx.res().addHeader("Set-Cookie", header("", path, 0));
    }
  }

  private String header(String value, String path, long maxAge) {
    return NAME + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge + "; HttpOnly"
        + (settings.secure() ? "; Secure" : "") + "; SameSite=Strict";
  }

  private boolean allowed(String origin) {
    try {
      return settings.allowedOrigins().contains(RefreshCookieSettings.origin(origin));
    } catch (IllegalArgumentException e) {
      return false; // "null" and other opaque origins
    }
  }
}
