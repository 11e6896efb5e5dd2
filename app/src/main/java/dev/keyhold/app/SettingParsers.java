package dev.keyhold.app;

import dev.keyhold.adapter.smtp.SmtpSettings;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of single setting values. Each takes the stripped, non-blank value and returns what it means, or throws
 * {@link IllegalArgumentException} with a message that says what was expected (the reader puts the setting's name
 * and the value in front of it). Pure; none looks at another setting.
 */
final class SettingParsers {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
  private static final Pattern RATE = Pattern.compile("(\\d{1,7})/(.+)");

  private SettingParsers() {}

  /** A TCP port, 0 to 65535. */
  static int port(String value) {
    return integer(value, 0, 65535);
  }

  /** A whole number from {@code min} to {@code max}. */
  static int integer(String value, int min, int max) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    return parsed;
  }

  /** A host name or an IP address (IPv6 in brackets or not). */
  static String host(String value) {
    if (!value.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      throw new IllegalArgumentException("expected a host name or IP address");
    }
    return value;
  }

  /** Any text of 1 to 200 characters. */
  static String nonBlank(String value) {
    if (value.isBlank() || value.length() > 200) {
      throw new IllegalArgumentException("expected a non-empty value of at most 200 characters");
    }
    return value;
  }

  /** An absolute http(s) URL without query or fragment, returned without a trailing slash. */
  static String url(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new IllegalArgumentException("bad");
      }
      return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("expected an absolute http(s) URL without query or fragment");
    }
  }

  /**
   * A mailed link's template: an absolute http(s) URL with a host and no user information, holding {@code {token}}
   * where the link's token goes (in the path, the query or the fragment); returned as given.
   */
  static String linkTemplate(String value) {
    String expected = "expected an absolute http(s) URL containing {token}, for example "
        + "https://app.example.com/verify?token={token}";
    if (!value.contains("{token}")) {
      throw new IllegalArgumentException(expected);
    }
    try {
      URI uri = new URI(value.replace("{token}", "TOKEN"));
      if (!isHttp(uri) || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(expected);
      }
      return value;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(expected);
    }
  }

  /** A stylesheet's address: an absolute http(s) URL with a host, without user information or fragment. */
  static String stylesheetUrl(String value) {
    String expected = "expected an absolute http(s) URL of a stylesheet, without user information or fragment";
    try {
      URI uri = new URI(value);
      if (!isHttp(uri) || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(expected);
      }
      return value;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(expected);
    }
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  /**
   * A duration from {@code min} to {@code max}: whole seconds ({@code 900}), a number with a unit ({@code 250ms},
   * {@code 15m}, {@code 12h}, {@code 30d}) or ISO-8601 ({@code PT15M}).
   */
  static Duration duration(String value, Duration min, Duration max) {
    Duration parsed;
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      parsed = switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofSeconds(amount);
      };
    } else {
      try {
        parsed = Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expected a duration such as 900 (seconds), 15m, 12h, 30d or PT15M");
      }
    }
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw new IllegalArgumentException("expected a duration from " + min + " to " + max);
    }
    return parsed;
  }

  /** {@code true}, {@code 1}, {@code yes}, {@code on} or their opposites, in any case. */
  static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  /** A signing algorithm by its JOSE name, in any case. */
  static SigningAlgorithm algorithm(String value) {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      if (algorithm.name().equalsIgnoreCase(value)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("expected one of RS256, ES256, EdDSA");
  }

  /** {@code development} ({@code dev}) or {@code production} ({@code prod}). */
  static Config.Environment environment(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "development", "dev" -> Config.Environment.DEVELOPMENT;
      case "production", "prod" -> Config.Environment.PRODUCTION;
      default -> throw new IllegalArgumentException("expected development or production");
    };
  }

  /** {@code starttls}, {@code tls} (or {@code ssl}) or {@code none}. */
  static SmtpSettings.Security smtpSecurity(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "starttls" -> SmtpSettings.Security.STARTTLS;
      case "tls", "ssl" -> SmtpSettings.Security.TLS;
      case "none" -> SmtpSettings.Security.NONE;
      default -> throw new IllegalArgumentException("expected starttls, tls or none");
    };
  }

  /** {@code <requests>/<period>}: 1 to 1,000,000 requests per 1 s to 1 day. */
  static Config.Rate rate(String value) {
    Matcher m = RATE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected <requests>/<period>, for example 20/1m");
    }
    return new Config.Rate(integer(m.group(1), 1, 1_000_000),
        duration(m.group(2), Duration.ofSeconds(1), Duration.ofDays(1)));
  }

  /** {@code open} (true: let requests through) or {@code closed} (false). */
  static boolean failureMode(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "open" -> true;
      case "closed" -> false;
      default -> throw new IllegalArgumentException("expected open or closed");
    };
  }

  /** The origin ({@code scheme://host[:port]}) of an absolute http(s) URL, as browsers send it in {@code Origin}. */
  static String originOf(String url) {
    URI uri = URI.create(url);
    return origin(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  /** {@code http(s)://host[:port]}, lower-cased, as browsers send it in {@code Origin}; no path, query or fragment. */
  static String origin(String value) {
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
          && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected origins as http(s)://host[:port], without a path: " + value);
  }

  /** Comma-separated origins, each {@code http(s)://host[:port]}; at least one. */
  static List<String> origins(String value) {
    List<String> origins = list(value).stream().map(SettingParsers::origin).toList();
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("expected at least one origin, as https://app.example.com");
    }
    return origins;
  }

  /** Comma-separated items, stripped, empty ones dropped. */
  static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  /** An absolute URI, kept exactly as written (an issuer's trailing slash matters). */
  static URI uri(String value) {
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute()) {
        throw new IllegalArgumentException("relative");
      }
      return uri;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("expected an absolute URL");
    }
  }

  /** Comma-separated absolute URIs, each kept exactly as written; at least one. */
  static List<URI> uris(String value) {
    List<String> items = list(value);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("expected one or more absolute URLs, comma-separated");
    }
    return items.stream().map(SettingParsers::uri).toList();
  }

  /** A path, made absolute against the working directory. */
  static Path directory(String value) {
    try {
      return Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("expected a directory path");
    }
  }

  /** A key-encryption key: 32 bytes, base64; returned as given. */
  static String keyEncryptionKey(String value) {
    KeyEncryption.fromBase64(value);
    return value;
  }
}
