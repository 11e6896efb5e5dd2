package dev.keyhold.adapter.http;

import dev.keyhold.identity.error.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table from a problem code to its HTTP status and title: every {@link ErrorCode} of the core and every
 * {@link TransportCode} of this adapter, each mapped by an exhaustive {@code switch}, so a new code does not compile
 * until it has a status. There is no fallback: a string that is neither is a bug, refused with an exception.
 */
final class Problems {

  static final String TYPE_PREFIX = "https://keyhold.dev/problems/";

  private record Entry(int status, String title) {}

  private static final Map<String, Entry> BY_CODE = table();

  private Problems() {}

  private static Entry entry(ErrorCode code) {
    return switch (code) {
      case VALIDATION_FAILED -> new Entry(400, "Validation failed");
      case INVALID_CREDENTIALS -> new Entry(401, "Invalid credentials");
      case EMAIL_NOT_VERIFIED -> new Entry(403, "Email not verified");
      case INVALID_TOKEN -> new Entry(401, "Invalid access token");
      case INVALID_REFRESH_TOKEN -> new Entry(401, "Invalid refresh token");
      case INVALID_LINK_TOKEN -> new Entry(400, "Invalid link");
      case TOKEN_REUSED -> new Entry(401, "Refresh token reused");
      case EMAIL_TAKEN -> new Entry(409, "Email taken");
      case NOT_FOUND -> new Entry(404, "Not found");
      case FORBIDDEN -> new Entry(403, "Forbidden");
      case SLUG_TAKEN -> new Entry(409, "Slug taken");
      case ROLE_NAME_TAKEN -> new Entry(409, "Role name taken");
      case ALREADY_MEMBER -> new Entry(409, "Already a member");
      case LAST_OWNER -> new Entry(409, "Last owner");
      case MFA_REQUIRED -> new Entry(403, "Second factor required");
      case INVALID_MFA_CODE -> new Entry(401, "Invalid code");
      case INVALID_MFA_TOKEN -> new Entry(401, "Invalid sign-in attempt");
      case MFA_ALREADY_ENABLED -> new Entry(409, "Two-factor sign-in already on");
      case MFA_NOT_ENABLED -> new Entry(409, "Two-factor sign-in off");
      case INVALID_OAUTH_STATE -> new Entry(400, "Invalid sign-in state");
      case OAUTH_LOGIN_FAILED -> new Entry(401, "External sign-in failed");
      case LAST_SIGN_IN_METHOD -> new Entry(409, "Last sign-in method");
      case IDENTITY_ALREADY_LINKED -> new Entry(409, "Identity already linked");
      case PROVIDER_UNAVAILABLE -> new Entry(502, "Identity provider unavailable");
      case TOO_MANY_ATTEMPTS -> new Entry(429, "Too many attempts");
      case RATE_LIMITED -> new Entry(429, "Too many requests");
      case OVERLOADED -> new Entry(503, "Overloaded");
      case STORE_UNAVAILABLE -> new Entry(503, "Service unavailable");
      case REGISTRATION_REFUSED -> new Entry(403, "Registration refused");
      case SIGN_IN_REFUSED -> new Entry(403, "Sign-in refused");
      case HOOK_FAILED -> new Entry(500, "Extension failed");
    };
  }

  private static Entry entry(TransportCode code) {
    return switch (code) {
      case MALFORMED_JSON -> new Entry(400, "Malformed JSON");
      case MALFORMED_BODY -> new Entry(400, "Malformed body");
      case MALFORMED_AUTHORIZATION -> new Entry(400, "Malformed Authorization header");
      case MISSING_TOKEN -> new Entry(401, "Missing access token");
      case METHOD_NOT_ALLOWED -> new Entry(405, "Method not allowed");
      case CSRF_REJECTED -> new Entry(403, "Cross-site request refused");
      case PAYLOAD_TOO_LARGE -> new Entry(413, "Payload too large");
      case UNSUPPORTED_MEDIA_TYPE -> new Entry(415, "Unsupported media type");
      case URI_TOO_LONG -> new Entry(414, "URI too long");
      case HEADER_FIELDS_TOO_LARGE -> new Entry(431, "Request header fields too large");
      case BAD_REQUEST -> new Entry(400, "Bad request");
      case INTERNAL_ERROR -> new Entry(500, "Internal error");
    };
  }

  private static Map<String, Entry> table() {
    Map<String, Entry> table = new LinkedHashMap<>();
    for (ErrorCode code : ErrorCode.values()) {
      table.put(code.code(), entry(code));
    }
    for (TransportCode code : TransportCode.values()) {
      if (table.put(code.code(), entry(code)) != null) {
        throw new IllegalStateException("the transport's code " + code + " is also one of the core's");
      }
    }
    return Collections.unmodifiableMap(table);
  }

  /** Every problem code the API can answer: the core's, then the transport's. */
  static Set<String> codes() {
    return BY_CODE.keySet();
  }

  /** Whether {@code code} is one of Keyhold's problem codes. */
  static boolean defines(String code) {
    return BY_CODE.containsKey(code);
  }

  /** @throws IllegalArgumentException for a string that is no problem code */
  static int status(String code) {
    return lookup(code).status();
  }

  /** @throws IllegalArgumentException for a string that is no problem code */
  static String title(String code) {
    return lookup(code).title();
  }

  /** The code for a status Jetty chose on its own, before any route ran. */
  static TransportCode codeForStatus(int status) {
    switch (status) {
      case 413:
        return TransportCode.PAYLOAD_TOO_LARGE;
      case 414:
        return TransportCode.URI_TOO_LONG;
      case 431:
        return TransportCode.HEADER_FIELDS_TOO_LARGE;
      default:
        return status >= 500 ? TransportCode.INTERNAL_ERROR : TransportCode.BAD_REQUEST;
    }
  }

  /** @throws IllegalArgumentException for a string that is no problem code */
  static Problem of(String code, String detail, String requestId, List<Problem.FieldError> errors) {
    return of(code, detail, requestId, errors, null);
  }

  /** @param reason an operator's check's reason for a refusal, or {@code null} */
  static Problem of(String code, String detail, String requestId, List<Problem.FieldError> errors, String reason) {
    Entry entry = lookup(code);
    return new Problem(TYPE_PREFIX + code, entry.title(), entry.status(), detail, code, requestId, errors, reason);
  }

  private static Entry lookup(String code) {
    Entry entry = BY_CODE.get(code);
    if (entry == null) {
      throw new IllegalArgumentException("no problem code " + code);
    }
    return entry;
  }
}
