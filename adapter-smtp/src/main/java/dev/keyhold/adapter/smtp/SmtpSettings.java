package dev.keyhold.adapter.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to deliver mail over SMTP. {@link #toString()} hides the password.
 *
 * @param host the SMTP server's host name or IP address
 * @param port the TCP port, 1 to 65535 (commonly 25 or 587 for {@link Security#NONE} and {@link Security#STARTTLS},
 *     465 for {@link Security#TLS})
 * @param security how the connection is protected
 * @param username the user to authenticate as, or {@code null} for no authentication; needs a password
 * @param password the password, or {@code null} exactly when {@code username} is
 * @param from the sender, as a single strictly valid address, optionally with a display name
 *     ({@code Keyhold <no-reply@example.com>}); also the domain of generated Message-IDs
 * @param connectTimeout how long opening the connection may take; from 1 ms to {@link Integer#MAX_VALUE} ms
 * @param readTimeout how long each read from and write to the server may take; same bounds
 */
public record SmtpSettings(
    String host, int port, Security security, String username, String password, String from,
    Duration connectTimeout, Duration readTimeout) {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How the connection to the server is protected. TLS modes verify the certificate and the host name. */
  public enum Security {
    /** Plain text. Only for a relay on a trusted network (or tests): credentials would travel in the clear. */
    NONE,
    /** Upgrade with STARTTLS, and fail if the server does not offer it. */
    STARTTLS,
    /** Implicit TLS from the first byte (SMTPS). */
    TLS
  }

  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("The SMTP host is empty.");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("The SMTP port must be between 1 and 65535, not " + port + ".");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("The SMTP user name and password must be given together or not at all.");
    }
    if (username != null && (username.isEmpty() || password.isEmpty())) {
      throw new IllegalArgumentException("The SMTP user name and password must not be empty; leave both out instead.");
    }
    Addresses.parse(from, "sender");
    requireTimeout(connectTimeout, "connect");
    requireTimeout(readTimeout, "read");
  }

  /** Settings without authentication and with 10-second timeouts. */
  public static SmtpSettings of(String host, int port, Security security, String from) {
    return new SmtpSettings(host, port, security, null, null, from, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
  }

  /** A copy that authenticates with these credentials. */
  public SmtpSettings withCredentials(String username, String password) {
    return new SmtpSettings(host, port, security, username, password, from, connectTimeout, readTimeout);
  }

  /** A copy with these timeouts. */
  public SmtpSettings withTimeouts(Duration connect, Duration read) {
    return new SmtpSettings(host, port, security, username, password, from, connect, read);
  }

  boolean authenticates() {
    return username != null;
  }

  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
        + ", password=" + (password == null ? "null" : "****") + ", from=" + from + ", connectTimeout="
        + connectTimeout + ", readTimeout=" + readTimeout + "]";
  }

  private static void requireTimeout(Duration timeout, String which) {
    if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "The SMTP " + which + " timeout must be between 1 ms and about 24 days, not " + timeout + ".");
    }
  }
}
