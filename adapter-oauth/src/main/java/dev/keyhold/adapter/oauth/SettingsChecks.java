package dev.keyhold.adapter.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks the settings records share. Every message names the setting, never a secret's value. */
final class SettingsChecks {

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private SettingsChecks() {}

  static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("A provider name must be 1 to 32 lower-case letters, digits and inner hyphens,"
          + " not " + (name == null ? "null" : "'" + name + "'") + ".");
    }
  }

  static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("The " + what + " is missing.");
    }
    if (!value.strip().equals(value)) {
      throw new IllegalArgumentException("The " + what + " has leading or trailing white space.");
    }
    return value;
  }

  /**
   * An absolute http(s) URL without query or fragment, https unless the host is the loopback interface (local
   * development and tests): an identity provider reached over plain HTTP elsewhere could be impersonated.
   */
  static URI requireProviderUrl(URI url, String what) {
    requireHttpUrl(url, what);
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("The " + what + " must not have a query or a fragment: " + url + ".");
    }
    return url;
  }

  /** The registered redirect URIs: at least one, each absolute, https unless on loopback, without a fragment. */
  static List<URI> requireRedirectUris(List<URI> uris) {
    if (uris == null || uris.isEmpty()) {
      throw new IllegalArgumentException("At least one redirect URI is required.");
    }
    List<URI> copy = List.copyOf(uris);
    for (URI uri : copy) {
      requireHttpUrl(uri, "redirect URI");
      if (uri.getRawFragment() != null) {
        throw new IllegalArgumentException("A redirect URI must not have a fragment: " + uri + ".");
      }
    }
    if (copy.stream().map(URI::toString).distinct().count() != copy.size()) {
      throw new IllegalArgumentException("The redirect URIs list one twice.");
    }
    return copy;
  }

  static void requireTimeout(Duration timeout, String which) {
    if (timeout == null) {
      throw new IllegalArgumentException("The " + which + " timeout is missing.");
    }
    if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "The " + which + " timeout must be between 1 ms and about 24 days, not " + timeout + ".");
    }
  }

  static boolean isLoopback(URI url) {
    return url.getHost() != null && LOOPBACK.contains(url.getHost().toLowerCase(Locale.ROOT));
  }

  private static void requireHttpUrl(URI url, String what) {
    if (url == null) {
      throw new IllegalArgumentException("The " + what + " is missing.");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("The " + what + " must be an absolute https URL: " + url + ".");
    }
    if (scheme.equals("http") && !isLoopback(url)) {
      throw new IllegalArgumentException("The " + what + " must use https (plain http only on localhost): " + url + ".");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("The " + what + " must not carry user information.");
    }
  }
}
