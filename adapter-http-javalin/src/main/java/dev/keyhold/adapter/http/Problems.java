package dev.keyhold.adapter.http;

import java.util.List;
import java.util.Map;

/** The one table from a problem code to its HTTP status and title. */
final class Problems {

  static final String TYPE_PREFIX = "https://keyhold.dev/problems/";

  private record Entry(int status, String title) {}

  private static final Entry UNKNOWN = new Entry(400, "Request rejected");

  private static final Map<String, Entry> BY_CODE = Map.ofEntries(
      // the IdentityException family
      Map.entry("validation_failed", new Entry(400, "Validation failed")),
      Map.entry("invalid_credentials", new Entry(401, "Invalid credentials")),
      Map.entry("email_not_verified", new Entry(403, "Email not verified")),
      Map.entry("invalid_token", new Entry(401, "Invalid access token")),
      Map.entry("invalid_refresh_token", new Entry(401, "Invalid refresh token")),
      Map.entry("invalid_link_token", new Entry(400, "Invalid link")),
      Map.entry("token_reused", new Entry(401, "Refresh token reused")),
      Map.entry("email_taken", new Entry(409, "Email taken")),
      Map.entry("not_found", new Entry(404, "Not found")),
      Map.entry("forbidden", new Entry(403, "Forbidden")),
      Map.entry("slug_taken", new Entry(409, "Slug taken")),
      Map.entry("role_name_taken", new Entry(409, "Role name taken")),
      Map.entry("already_member", new Entry(409, "Already a member")),
      Map.entry("last_owner", new Entry(409, "Last owner")),
      Map.entry("role_in_use", new Entry(409, "Role in use")),
      Map.entry("too_many_attempts", new Entry(429, "Too many attempts")),
      Map.entry("rate_limited", new Entry(429, "Too many requests")),
      Map.entry("overloaded", new Entry(503, "Overloaded")),
      Map.entry("store_unavailable", new Entry(503, "Service unavailable")),
      // the transport's own
      Map.entry("malformed_json", new Entry(400, "Malformed JSON")),
      Map.entry("malformed_authorization", new Entry(400, "Malformed Authorization header")),
      Map.entry("missing_token", new Entry(401, "Missing access token")),
      Map.entry("method_not_allowed", new Entry(405, "Method not allowed")),
      Map.entry("payload_too_large", new Entry(413, "Payload too large")),
      Map.entry("unsupported_media_type", new Entry(415, "Unsupported media type")),
      Map.entry("uri_too_long", new Entry(414, "URI too long")),
      Map.entry("header_fields_too_large", new Entry(431, "Request header fields too large")),
      Map.entry("bad_request", new Entry(400, "Bad request")),
      Map.entry("internal_error", new Entry(500, "Internal error")));

  private Problems() {}

  /** Whether {@code code} is one of Keyhold's problem codes (any other would be answered as a generic 400). */
  static boolean defines(String code) {
    return BY_CODE.containsKey(code);
  }

  static int status(String code) {
    return BY_CODE.getOrDefault(code, UNKNOWN).status();
  }

  static String title(String code) {
    return BY_CODE.getOrDefault(code, UNKNOWN).title();
  }

  /** The code for a status Jetty chose on its own, before any route ran. */
  static String codeForStatus(int status) {
    switch (status) {
      case 413:
        return "payload_too_large";
      case 414:
        return "uri_too_long";
      case 431:
        return "header_fields_too_large";
      default:
        return status >= 500 ? "internal_error" : "bad_request";
    }
  }

  static Problem of(String code, String detail, String requestId, List<Problem.FieldError> errors) {
    Entry entry = BY_CODE.getOrDefault(code, UNKNOWN);
    return new Problem(TYPE_PREFIX + code, entry.title(), entry.status(), detail, code, requestId, errors);
  }
}
