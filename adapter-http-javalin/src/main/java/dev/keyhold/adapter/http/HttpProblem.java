package dev.keyhold.adapter.http;

import java.util.Map;

/**
 * A rejection decided by the transport itself (bad JSON, wrong media type, bad Authorization header), answered as
 * problem+json with the status {@link Problems} gives the code.
 */
final class HttpProblem extends RuntimeException {

  private final String code;
  private final Map<String, String> headers;

  HttpProblem(String code, String detail) {
    this(code, detail, Map.of());
  }

  HttpProblem(String code, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  String code() {
    return code;
  }

  String detail() {
    return getMessage();
  }

  /** Extra response headers, such as {@code Allow} on a 405. */
  Map<String, String> headers() {
    return headers;
  }

  static HttpProblem malformedJson() {
    return new HttpProblem("malformed_json", "The request body must be a single, well-formed JSON object.");
  }

  static HttpProblem payloadTooLarge(int maxBytes) {
    return new HttpProblem("payload_too_large", "The request body is larger than " + maxBytes + " bytes.");
  }

  static HttpProblem unsupportedMediaType(String expected) {
    return new HttpProblem("unsupported_media_type", "The request body must be " + expected + ".");
  }
}
