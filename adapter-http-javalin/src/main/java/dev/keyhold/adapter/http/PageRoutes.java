package dev.keyhold.adapter.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages behind the links Keyhold mails: {@value #VERIFY_EMAIL_PATH}, {@value #RESET_PASSWORD_PATH},
 * {@value #INVITATION_PATH} and {@value #CONFIRM_EMAIL_PATH}. Each is plain HTML, rendered once at start-up from the templates in
 * {@code dev/keyhold/adapter/http/pages/}, with one same-origin script ({@value #SCRIPT_PATH}) and a stylesheet.
 *
 * <p>Opening a page uses nothing up (mail scanners and link previews fetch links): the server never reads the
 * link's token, and the page only shows a button or a form. The script reads the token from the page's URL and
 * sends it to the JSON API when the user acts. So the token is never echoed into the HTML, logged or stored by
 * these routes, and the pages are the same for every request: nothing from a request reaches them.
 */
final class PageRoutes {

  static final String VERIFY_EMAIL_PATH = "/verify-email";
  static final String RESET_PASSWORD_PATH = "/reset-password";
  static final String INVITATION_PATH = "/invitations/accept";
  static final String CONFIRM_EMAIL_PATH = "/confirm-email";
  static final String SCRIPT_PATH = "/pages/pages.js";
  static final String STYLESHEET_PATH = "/pages/pages.css";

  /** The pages' caching: none, since they are the landing place of secret-bearing URLs. */
  static final String PAGE_CACHE_CONTROL = "no-store";
  /** The script and Keyhold's stylesheet: revalidated on each use, so that a new version never meets old markup. */
  static final String ASSET_CACHE_CONTROL = "no-cache";

  /** One page: where its template is, the name the script knows it by, and its title. */
  enum Page {
    VERIFY_EMAIL("verify-email", "Confirm your email address"),
    RESET_PASSWORD("reset-password", "Choose a new password"),
    ACCEPT_INVITATION("accept-invitation", "Accept an invitation"),
    CONFIRM_EMAIL("confirm-email", "Confirm your new email address");

    private final String name;
    private final String title;

    Page(String name, String title) {
      this.name = name;
      this.title = title;
    }

    String title() {
      return title;
    }
  }

  private static final String TEMPLATES = "dev/keyhold/adapter/http/pages/";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+)}}");

  private final String contentSecurityPolicy;
  private final Map<Page, byte[]> pages = new EnumMap<>(Page.class);
  private final byte[] script;
  private final byte[] stylesheet;

  PageRoutes(PageSettings settings) {
    this.contentSecurityPolicy = contentSecurityPolicy(settings);
    String layout = resource("layout.html");
    String stylesheetUrl = settings.stylesheet().map(java.net.URI::toASCIIString).orElse(STYLESHEET_PATH);
    for (Page page : Page.values()) {
      String html = fill(layout.replace("{{body}}", resource(page.name + ".html").stripTrailing()), Map.of(
          "title", page.title,
          "product", settings.productName(),
          "stylesheet", stylesheetUrl,
          "page", page.name));
      pages.put(page, html.getBytes(StandardCharsets.UTF_8));
    }
    this.script = resource("pages.js").getBytes(StandardCharsets.UTF_8);
    this.stylesheet = resource("pages.css").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The pages' policy: nothing loads but this origin's script, this origin's or the configured stylesheet (with
   * that stylesheet's images and fonts), and requests to this origin; no inline script or style, no eval, no
   * framing, no {@code <base>}, forms only to this origin.
   */
  static String contentSecurityPolicy(PageSettings settings) {
    String extra = settings.stylesheetOrigin().map(origin -> " " + origin).orElse("");
    String assets = settings.stylesheetOrigin()
        .map(origin -> "img-src " + origin + "; font-src " + origin + "; ").orElse("");
    return "default-src 'none'; script-src 'self'; style-src 'self'" + extra + "; " + assets
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  }

  void verifyEmail(Context ctx) {
    page(ctx, Page.VERIFY_EMAIL);
  }

  void resetPassword(Context ctx) {
    page(ctx, Page.RESET_PASSWORD);
  }

  void acceptInvitation(Context ctx) {
    page(ctx, Page.ACCEPT_INVITATION);
  }

  void confirmEmail(Context ctx) {
    page(ctx, Page.CONFIRM_EMAIL);
  }

  void script(Context ctx) {
    asset(ctx, script, "text/javascript;charset=utf-8");
  }

  void stylesheet(Context ctx) {
    asset(ctx, stylesheet, "text/css;charset=utf-8");
  }

  /** The rendered page, for tests. */
  String html(Page page) {
    return new String(pages.get(page), StandardCharsets.UTF_8);
  }

  private void page(Context ctx, Page page) {
    ctx.header("Content-Security-Policy", contentSecurityPolicy);
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", PAGE_CACHE_CONTROL);
    ctx.contentType("text/html;charset=utf-8").result(pages.get(page));
  }

  private void asset(Context ctx, byte[] content, String type) {
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", ASSET_CACHE_CONTROL);
    ctx.contentType(type).result(content);
  }

  /** {@code template} with each {@code {{name}}} replaced by its value, HTML-escaped, in one pass. */
  static String fill(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 256);
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("the page templates use {{" + matcher.group(1) + "}}, which has no value");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** {@code text} safe in HTML text and in quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(TEMPLATES + name)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATES + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + TEMPLATES + name, e);
    }
  }
}
