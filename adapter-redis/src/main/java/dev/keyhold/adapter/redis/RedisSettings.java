package dev.keyhold.adapter.redis;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how to connect to Redis. {@link #toString()} and every error message hide the password.
 *
 * @param host the host name or IP address (an IPv6 address without brackets)
 * @param port the TCP port, 1 to 65535
 * @param tls whether to connect with TLS, verifying the server's certificate and host name against the JDK's trust
 *     store
 * @param username the ACL user, or {@code null} for the default user; needs a password
 * @param password the password, or {@code null} when the server asks for none
 * @param database the logical database, 0 or more
 * @param timeout how long connecting, each command and waiting for a pooled connection may take before the store
 *     reports itself unavailable; from 1 ms to {@link Integer#MAX_VALUE} ms, used in whole milliseconds
 * @param maxConnections the most connections the pool opens, at least 1
 */
public record RedisSettings(
    String host, int port, boolean tls, String username, String password, int database, Duration timeout,
    int maxConnections) {

  private static final int DEFAULT_PORT = 6379;
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  private static final int DEFAULT_MAX_CONNECTIONS = 16;

  private static final String PLAIN = "redis://";
  private static final String SECURE = "rediss://";
  private static final Pattern HOST_AND_PORT =
      Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9._-]+))(?::([0-9]{1,5}))?");
  private static final Pattern DATABASE = Pattern.compile("/([0-9]{1,9})?");

  public RedisSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timeout, "timeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("The Redis host is empty.");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("The Redis port must be between 1 and 65535, not " + port + ".");
    }
    if (username != null && (username.isEmpty() || password == null)) {
      throw new IllegalArgumentException("A Redis user name must be non-empty and come with a password.");
    }
    if (password != null && password.isEmpty()) {
      throw new IllegalArgumentException("The Redis password is empty; leave it out instead.");
    }
    if (database < 0) {
      throw new IllegalArgumentException("The Redis database must be 0 or more, not " + database + ".");
    }
    if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("The Redis timeout must be between 1 ms and about 24 days, not "
          + timeout + ".");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("The Redis pool needs at least one connection, not " + maxConnections + ".");
    }
  }

  /**
   * Reads a Redis URL: {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...} for TLS.
   * The user and password are percent-decoded as UTF-8 ({@code +} stays a plus sign); a bracketed IPv6 address is
   * accepted. Defaults: port 6379, database 0, a timeout of 2 s and a pool of 16 connections. Query parameters,
   * fragments and any other scheme are refused.
   *
   * @throws IllegalArgumentException when {@code url} is not of this form; the message never repeats the URL
   * @throws NullPointerException when {@code url} is null
   */
  public static RedisSettings fromUrl(String url) {
    Objects.requireNonNull(url, "url");
    String text = url.strip();
    boolean tls;
    String rest;
    if (text.regionMatches(true, 0, SECURE, 0, SECURE.length())) {
      tls = true;
      rest = text.substring(SECURE.length());
    } else if (text.regionMatches(true, 0, PLAIN, 0, PLAIN.length())) {
      tls = false;
      rest = text.substring(PLAIN.length());
    } else {
      throw new IllegalArgumentException("The Redis URL must start with redis:// or rediss://.");
    }
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
      throw new IllegalArgumentException("The Redis URL must have no query parameters or fragment.");
    }

    int at = rest.lastIndexOf('@');
    String userInfo = at >= 0 ? rest.substring(0, at) : null;
    String location = rest.substring(at + 1);
    String username = null;
    String password = null;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("The Redis URL's credentials must take the form [user]:password@.");
      }
      String user = decode(userInfo.substring(0, colon), "user name");
      username = user.isEmpty() ? null : user;
      password = decode(userInfo.substring(colon + 1), "password");
      if (password.isEmpty()) {
        throw new IllegalArgumentException("The Redis URL's password is empty; leave the credentials out instead.");
      }
    }

    int slash = location.indexOf('/');
    String authority = slash >= 0 ? location.substring(0, slash) : location;
    String path = slash >= 0 ? location.substring(slash) : "";
    Matcher hostAndPort = HOST_AND_PORT.matcher(authority);
    if (!hostAndPort.matches()) {
      throw new IllegalArgumentException("The Redis URL's host or port is missing or malformed.");
    }
    String host = hostAndPort.group(1) != null ? hostAndPort.group(1) : hostAndPort.group(2);
    int port = hostAndPort.group(3) != null ? Integer.parseInt(hostAndPort.group(3)) : DEFAULT_PORT;
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("The Redis URL's port must be between 1 and 65535.");
    }
    int database = 0;
    if (!path.isEmpty()) {
      Matcher number = DATABASE.matcher(path);
      if (!number.matches()) {
        throw new IllegalArgumentException("The Redis URL's path must be a database number.");
      }
      database = number.group(1) != null ? Integer.parseInt(number.group(1)) : 0;
    }
    return new RedisSettings(host, port, tls, username, password, database, DEFAULT_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
  }

  /** These settings with another timeout. */
  public RedisSettings withTimeout(Duration t) {
    return new RedisSettings(host, port, tls, username, password, database, t, maxConnections);
  }

  /** These settings with another pool size. */
  public RedisSettings withMaxConnections(int n) {
    return new RedisSettings(host, port, tls, username, password, database, timeout, n);
  }

  /** Every component, with the password replaced by {@code ***}. */
  @Override
  public String toString() {
    return "RedisSettings[host=" + host
        + ", port=" + port
        + ", tls=" + tls
        + ", username=" + username
        + ", password=" + (password == null ? "null" : "***")
        + ", database=" + database
        + ", timeout=" + timeout
        + ", maxConnections=" + maxConnections + "]";
  }

  /** RFC 3986 percent-decoding as UTF-8; the message of a failure names only {@code what}, never the text. */
  private static String decode(String encoded, String what) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    int i = 0;
    while (i < encoded.length()) {
      if (encoded.charAt(i) != '%') {
        int end = encoded.indexOf('%', i);
        end = end < 0 ? encoded.length() : end;
        bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
        continue;
      }
      int high = i + 1 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
      int low = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 2), 16) : -1;
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("The Redis URL's " + what + " has a malformed %-escape.");
      }
      bytes.write(high << 4 | low);
      i += 3;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("The Redis URL's " + what + " is not UTF-8 once decoded.");
    }
  }
}
