package dev.keyhold.adapter.http;

import java.util.Map;

/**
 * A rejection decided by the transport itself (bad JSON, wrong media type, bad Authorization header), answered as
 * problem+json with the status {@link Problems} gives the code.
 */
final class HttpProblem extends RuntimeException {

  private final TransportCode code;
  private final Map<String, String> headers;

  HttpProblem(TransportCode code, String detail) {
    this(code, detail, Map.of());
  }

  HttpProblem(TransportCode code, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  TransportCode code() {
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
    return new HttpProblem(TransportCode.MALFORMED_JSON, "The request body must be a single, well-formed JSON object.");
  }

  static HttpProblem malformedBody() {
    return new HttpProblem(TransportCode.MALFORMED_BODY,
        "The request body could not be read: it ended before its declared length or is framed wrongly.");
  }

  static HttpProblem payloadTooLarge(int maxBytes) {
    return new HttpProblem(TransportCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes.");
  }

  static HttpProblem unsupportedMediaType(String expected) {
    return new HttpProblem(TransportCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be " + expected + ".");
  }
}
