package dev.keyhold.identity.core.internal.mail;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTML template for mail bodies: the template text is a constant written by us, and every value put into it
 * through a {@code {name}} placeholder is HTML-escaped ({@code & < > " '}), in text and in quoted attributes alike,
 * so neither the configured product name nor anything else can inject markup. Links go in as
 * {@code <a href="{link}">{link}</a>}, the URL escaped in both places.
 *
 * <p>User-controlled text (display names, organizations' free-text names) should not go into mail at all; if it ever
 * does, it goes through a placeholder like everything else.
 */
public final class MailHtml {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");

  private MailHtml() {}

  /**
   * The template with every placeholder replaced by its escaped value, wrapped in a minimal HTML document.
   *
   * @param title the document title, escaped
   * @param template trusted markup with {@code {name}} placeholders
   * @param values the value of every placeholder, each escaped
   * @throws IllegalArgumentException when a placeholder has no value
   */
  public static String render(String title, String template, Map<String, String> values) {
    Objects.requireNonNull(template, "template");
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder body = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for {" + matcher.group(1) + "}");
      }
      matcher.appendReplacement(body, Matcher.quoteReplacement(escape(value)));
    }
    matcher.appendTail(body);
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head>\n"
        + "<body>\n" + body + "\n</body></html>\n";
  }

  /** The text with {@code & < > " '} replaced by character references; safe in text and in quoted attributes. */
  public static String escape(String text) {
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
}
