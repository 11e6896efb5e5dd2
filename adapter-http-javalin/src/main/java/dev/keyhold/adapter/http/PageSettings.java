package dev.keyhold.adapter.http;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the pages for mailed links look ({@link PageRoutes}): the product name they show, and the stylesheet that
 * replaces Keyhold's own.
 *
 * @param productName the name shown on every page, as in the mail that carried the link; HTML-escaped where shown
 * @param stylesheet an absolute {@code http} or {@code https} URL of a stylesheet to load instead of Keyhold's own;
 *     its origin is added to the pages' {@code style-src} (and {@code img-src}, {@code font-src}, for its images and
 *     fonts). Empty: Keyhold's own, at {@value PageRoutes#STYLESHEET_PATH}
 */
record PageSettings(String productName, Optional<URI> stylesheet) {

  /** The longest product name accepted, as {@code PRODUCT_NAME} accepts it. */
  static final int MAX_PRODUCT_NAME = 200;

  /**
   * @throws IllegalArgumentException for a blank or overlong product name, or a stylesheet URL that is not an
   *     absolute http(s) URL with a host and without user information or fragment
   */
  PageSettings {
    Objects.requireNonNull(productName, "productName");
    Objects.requireNonNull(stylesheet, "stylesheet");
    if (productName.isBlank() || productName.length() > MAX_PRODUCT_NAME) {
      throw new IllegalArgumentException("productName must be 1 to " + MAX_PRODUCT_NAME + " characters, not blank");
    }
    stylesheet.ifPresent(PageSettings::checkStylesheet);
  }

  /** Keyhold's name and stylesheet. */
  static PageSettings defaults() {
    return new PageSettings("Keyhold", Optional.empty());
  }

  /** These settings with {@code name} shown instead. */
  PageSettings withProductName(String name) {
    return new PageSettings(name, stylesheet);
  }

  /** These settings with the stylesheet at {@code url} instead of Keyhold's own. */
  PageSettings withStylesheet(URI url) {
    return new PageSettings(productName, Optional.of(url));
  }

  /** The origin of the stylesheet ({@code https://cdn.example.com}, with a port only when one is given). */
  Optional<String> stylesheetOrigin() {
    return stylesheet.map(url -> url.getScheme().toLowerCase(Locale.ROOT) + "://"
        + url.getHost().toLowerCase(Locale.ROOT) + (url.getPort() < 0 ? "" : ":" + url.getPort()));
  }

  private static void checkStylesheet(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || url.getRawUserInfo() != null
        || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the stylesheet must be an absolute http(s) URL with a host, without user information or fragment: " + url);
    }
  }
}
