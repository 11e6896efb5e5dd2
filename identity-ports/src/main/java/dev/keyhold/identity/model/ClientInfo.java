package dev.keyhold.identity.model;

/**
 * Who is calling, as far as the transport can tell; recorded with sessions and audit events.
 *
 * @param ipAddress the client's address, or {@code null} when unknown
 * @param userAgent the client's user agent, truncated by the transport, or {@code null}
 * @param requestId the correlation id of the request, or {@code null} outside a request
 */
public record ClientInfo(String ipAddress, String userAgent, String requestId) {

  private static final ClientInfo UNKNOWN = new ClientInfo(null, null, null);

  public static ClientInfo unknown() {
    return UNKNOWN;
  }
}
