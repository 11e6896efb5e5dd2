package dev.keyhold.adapter.oauth;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

/** Reading the standard claims of a validated ID token. */
final class StandardClaims {

  private StandardClaims() {}

  /**
   * OpenID Connect's {@code email_verified}: a JSON {@code true}, or the string {@code "true"} that some providers
   * (Google among them, in older tokens) send. Anything else, absence included, is not a promise.
   */
  static boolean emailVerified(IDTokenClaimsSet claims) {
    Object value = claims.getClaim("email_verified");
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }

  /** A string claim, or {@code null} when absent, empty or not a string. */
  static String text(IDTokenClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value instanceof String && !((String) value).isEmpty() ? (String) value : null;
  }
}
