package dev.keyhold.adapter.http;

/**
 * The problem codes the HTTP transport raises on its own, before or around any use case: the adapter's closed
 * set beside the core's {@link dev.keyhold.identity.error.ErrorCode}. The transport also answers the core's
 * {@code not_found} for a path that names nothing.
 */
enum TransportCode {
  /** The body is not one well-formed JSON object. */
  MALFORMED_JSON("malformed_json"),
  /**
   * A body that cannot be read to its end: a chunk size that is no number, or a connection closed before the declared
   * {@code Content-Length} or the last chunk.
   */
  MALFORMED_BODY("malformed_body"),
  /** A {@code Bearer} {@code Authorization} header that is not {@code Bearer <token>}. */
  MALFORMED_AUTHORIZATION("malformed_authorization"),
  /** No bearer credentials where they are needed: no {@code Authorization} header, or one of another scheme. */
  MISSING_TOKEN("missing_token"),
  /** The path exists with other methods. */
  METHOD_NOT_ALLOWED("method_not_allowed"),
  /**
   * The refresh cookie without the {@code X-Keyhold-Refresh-Cookie: 1} header, or from an {@code Origin} not allowed
   * to use it: possibly a cross-site request.
   */
  CSRF_REJECTED("csrf_rejected"),
  /** A body over the limit. */
  PAYLOAD_TOO_LARGE("payload_too_large"),
  /** A body of another media type than the route reads. */
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
  /** A request line Jetty refused as too long. */
  URI_TOO_LONG("uri_too_long"),
  /** Headers Jetty refused as too large. */
  HEADER_FIELDS_TOO_LARGE("header_fields_too_large"),
  /** Any other request Jetty or Javalin could not read. */
  BAD_REQUEST("bad_request"),
  /** A bug: nothing more is said. */
  INTERNAL_ERROR("internal_error");

  private final String code;

  TransportCode(String code) {
    this.code = code;
  }

  /** The wire code. */
  String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }
}
