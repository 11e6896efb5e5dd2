package dev.keyhold.adapter.http;

import io.javalin.http.Context;

/**
 * Extracts the access token from {@code Authorization: Bearer <token>} (RFC 6750 section 2.1). A request without
 * bearer credentials, whether it sends no {@code Authorization} header or one of another scheme ({@code Basic},
 * {@code Digest}, ...), lacks authentication information for this API (RFC 6750 section 3.1): 401 with a bare
 * {@code Bearer} challenge. Only a {@code Bearer} header that is itself malformed is a bad request.
 *
 * <p>Every authenticated request passes here, so the header is read by a plain scan of its characters rather than
 * by regular expressions (which took about 7 % of a {@code GET /me} in a profile).
 */
final class BearerToken {

  private static final String SCHEME = "Bearer";

  private BearerToken() {}

  /**
   * @throws HttpProblem {@code missing_token} without the header, with an empty one or with another scheme's
   *     credentials; {@code malformed_authorization} for the {@code Bearer} scheme with no token, an empty token or
   *     anything after it
   */
  static String from(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new HttpProblem(TransportCode.MISSING_TOKEN,
          "This request needs an access token in an Authorization: Bearer header.");
    }
    if (!isBearerScheme(header)) {
      throw new HttpProblem(TransportCode.MISSING_TOKEN,
          "This API accepts only access tokens, in an Authorization: Bearer header; other schemes are not supported.");
    }
    if (header.length() <= SCHEME.length() + 1 || header.charAt(SCHEME.length()) != ' '
        || !isTokenText(header, SCHEME.length() + 1)) {
      throw new HttpProblem(TransportCode.MALFORMED_AUTHORIZATION,
          "The Authorization header must be \"Bearer\" followed by one access token.");
    }
    return header.substring(SCHEME.length() + 1);
  }

  /**
   * Whether the auth-scheme of {@code credentials} (RFC 9110 section 11.4: what comes before the first whitespace,
   * after leading whitespace) is {@code Bearer}, in any case.
   */
  private static boolean isBearerScheme(String credentials) {
    int start = 0;
    while (start < credentials.length() && Character.isWhitespace(credentials.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < credentials.length() && !Character.isWhitespace(credentials.charAt(end))) {
      end++;
    }
    return end - start == SCHEME.length() && credentials.regionMatches(true, start, SCHEME, 0, SCHEME.length());
  }

  /** Whether {@code text} from {@code from} to its end is one or more of {@code A-Z a-z 0-9 . _ -}. */
  private static boolean isTokenText(String text, int from) {
    if (from >= text.length()) {
      return false;
    }
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
          || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
