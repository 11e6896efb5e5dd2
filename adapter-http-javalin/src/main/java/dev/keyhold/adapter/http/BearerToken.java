package dev.keyhold.adapter.http;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/** Extracts the access token from {@code Authorization: Bearer <token>} (RFC 6750 section 2.1). */
final class BearerToken {

  private static final Pattern BEARER = Pattern.compile("(?i)Bearer ([A-Za-z0-9._-]+)");

  private BearerToken() {}

  /**
   * @throws HttpProblem {@code missing_token} without the header, {@code malformed_authorization} for another scheme,
   *     an empty token or anything after it
   */
  static String from(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      throw new HttpProblem(TransportCode.MISSING_TOKEN, "This request needs an access token in an Authorization: Bearer header.");
    }
    var matcher = BEARER.matcher(header);
    if (!matcher.matches()) {
      throw new HttpProblem(TransportCode.MALFORMED_AUTHORIZATION, "The Authorization header must be \"Bearer\" followed by one access token.");
    }
    return matcher.group(1);
  }
}
