package dev.keyhold.adapter.http;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Extracts the access token from {@code Authorization: Bearer <token>} (RFC 6750 section 2.1). A request without
 * bearer credentials, whether it sends no {@code Authorization} header or one of another scheme ({@code Basic},
 * {@code Digest}, ...), lacks authentication information for this API (RFC 6750 section 3.1): 401 with a bare
 * {@code Bearer} challenge. Only a {@code Bearer} header that is itself malformed is a bad request.
 */
final class BearerToken {

  private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([A-Za-z0-9._-]+)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s");
  private static final String SCHEME = "bearer";

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
    if (!scheme(header).equals(SCHEME)) {
      throw new HttpProblem(TransportCode.MISSING_TOKEN,
          "This API accepts only access tokens, in an Authorization: Bearer header; other schemes are not supported.");
    }
    var matcher = BEARER.matcher(header);
    if (!matcher.matches()) {
      throw new HttpProblem(TransportCode.MALFORMED_AUTHORIZATION,
          "The Authorization header must be \"Bearer\" followed by one access token.");
    }
    return matcher.group(1);
  }

  /**
   * The auth-scheme of {@code credentials} (RFC 9110 section 11.4), lower-cased: what comes before the first
   * whitespace.
   */
  private static String scheme(String credentials) {
    return WHITESPACE.split(credentials.strip(), 2)[0].toLowerCase(Locale.ROOT);
  }
}
