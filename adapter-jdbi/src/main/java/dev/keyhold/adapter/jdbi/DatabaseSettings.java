package dev.keyhold.adapter.jdbi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how to connect to PostgreSQL.
 *
 * <p>{@link #jdbcUrl()} never needs to carry the credentials: {@link #fromUrl(String)} moves them into
 * {@link #username()} and {@link #password()}. {@link #toString()} and every error message hide the password.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL
 * @param username the database user, or {@code null} to let the driver choose
 * @param password the user's password, or {@code null} when the server asks for none
 * @param maxPoolSize the most connections the pool opens, at least 1
 * @param connectionTimeout how long a caller waits for a connection before the store reports itself unavailable,
 *     at least 250 ms
 */
public record DatabaseSettings(
    String jdbcUrl, String username, String password, int maxPoolSize, Duration connectionTimeout) {

  private static final int DEFAULT_MAX_POOL_SIZE = 10;
  private static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

  private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
  private static final String JDBC_PREFIX = "jdbc:postgresql:";
  private static final List<String> SCHEMES = List.of("jdbc:postgresql://", "postgresql://", "postgres://");
  private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?");
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&]*");

  public DatabaseSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    if (!jdbcUrl.regionMatches(true, 0, JDBC_PREFIX, 0, JDBC_PREFIX.length())) {
      throw new IllegalArgumentException("The JDBC URL must start with " + JDBC_PREFIX);
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("The pool needs at least one connection, not " + maxPoolSize);
    }
    if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
      throw new IllegalArgumentException("The connection timeout must be at least 250 ms, not " + connectionTimeout);
    }
  }

  /**
   * Reads a database URL in one of the forms PostgreSQL tools and hosting platforms hand out:
   * <ul>
   *   <li>{@code postgresql://user:password@host:port/database?param=value} (libpq's URI form),</li>
   *   <li>{@code postgres://...}, the same with the short scheme,</li>
   *   <li>{@code jdbc:postgresql://host:port/database?user=...&password=...&param=value}.</li>
   * </ul>
   * The user and password may come from the authority or from {@code user}/{@code password} parameters (not both)
   * and are percent-decoded as UTF-8 ({@code +} stays a plus sign). Several comma-separated hosts and bracketed IPv6
   * addresses are kept as they are; other parameters are passed to the driver. The pool gets 10 connections and a
   * connection timeout of 3 s.
   *
   * @throws IllegalArgumentException when {@code url} is none of these forms; the message never repeats the URL
   */
  public static DatabaseSettings fromUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("The database URL is empty.");
    }
    String text = url.strip();
    String scheme = SCHEMES.stream()
        .filter(candidate -> text.regionMatches(true, 0, candidate, 0, candidate.length()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "The database URL must start with postgresql://, postgres:// or jdbc:postgresql://."));
    String rest = text.substring(scheme.length());

    int fragment = rest.indexOf('#');
    if (fragment >= 0) {
      rest = rest.substring(0, fragment);
    }
    int query = rest.indexOf('?');
    String parameters = query >= 0 ? rest.substring(query + 1) : "";
    String beforeQuery = query >= 0 ? rest.substring(0, query) : rest;
    int slash = beforeQuery.indexOf('/');
    String authority = slash >= 0 ? beforeQuery.substring(0, slash) : beforeQuery;
    String path = slash >= 0 ? beforeQuery.substring(slash) : "/";

    String username = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      username = emptyToNull(decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, "user name"));
      password = colon >= 0 ? decode(userInfo.substring(colon + 1), "password") : null;
    }
    requireHosts(authority);
    if (path.indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException("The database URL's path must be one database name.");
    }

    List<String> passedOn = new ArrayList<>();
    for (String parameter : parameters.split("&")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      String name = equals >= 0 ? parameter.substring(0, equals) : parameter;
      String value = equals >= 0 ? parameter.substring(equals + 1) : "";
      if (name.equals("user")) {
        username = onlyOnce(username, emptyToNull(decode(value, "user name")), "user name");
      } else if (name.equals("password")) {
        password = onlyOnce(password, decode(value, "password"), "password");
      } else {
        passedOn.add(parameter);
      }
    }

    String jdbcUrl = "jdbc:postgresql://" + authority + path
        + (passedOn.isEmpty() ? "" : "?" + String.join("&", passedOn));
    return new DatabaseSettings(jdbcUrl, username, password, DEFAULT_MAX_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
  }

  /** These settings with another pool size. */
  public DatabaseSettings withMaxPoolSize(int n) {
    return new DatabaseSettings(jdbcUrl, username, password, n, connectionTimeout);
  }

  /** These settings with another connection timeout. */
  public DatabaseSettings withConnectionTimeout(Duration d) {
    return new DatabaseSettings(jdbcUrl, username, password, maxPoolSize, d);
  }

  /** Every component, with the password (also one inside the JDBC URL) replaced by {@code ***}. */
  @Override
  public String toString() {
    return "DatabaseSettings[jdbcUrl=" + PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1***")
        + ", username=" + username
        + ", password=" + (password == null ? "null" : "***")
        + ", maxPoolSize=" + maxPoolSize
        + ", connectionTimeout=" + connectionTimeout + "]";
  }

  private static void requireHosts(String hosts) {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("The database URL names no host.");
    }
    for (String host : hosts.split(",", -1)) {
      if (!HOST.matcher(host).matches()) {
        throw new IllegalArgumentException("The database URL's host or port is malformed.");
      }
    }
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private static String onlyOnce(String earlier, String value, String what) {
    if (earlier != null) {
      throw new IllegalArgumentException("The database URL gives the " + what + " twice.");
    }
    return value;
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
        throw new IllegalArgumentException("The database URL's " + what + " has a malformed %-escape.");
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
      throw new IllegalArgumentException("The database URL's " + what + " is not UTF-8 once decoded.");
    }
  }
}
