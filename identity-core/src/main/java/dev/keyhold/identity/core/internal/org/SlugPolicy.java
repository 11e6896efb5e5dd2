package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.model.org.Organization;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The slug of an organization created without one, from its name. Pure.
 *
 * <p>The base is the name ASCII-folded (NFKD, combining marks dropped, and the few Latin letters without a
 * decomposition spelled out: {@code æ ø œ ß đ ł þ ð ı} as {@code ae o oe ss d l th d i}), lower-cased, every run of characters other
 * than {@code a-z 0-9} turned into one hyphen, hyphens trimmed from both ends, cut to
 * {@value Organization#SLUG_MAX_LENGTH} characters (and trimmed again). A base shorter than
 * {@value Organization#SLUG_MIN_LENGTH} (a one-letter name, a name in a script that does not fold to ASCII) is
 * prefixed with {@code org-}, or is {@code org} when empty. Candidate {@code n} (from 2) is the base with
 * {@code -n}, the base cut short enough for the suffix to fit. Every candidate matches {@link Organization#SLUG_PATTERN}.
 */
public final class SlugPolicy {

  private static final String FALLBACK = "org";
  private static final String UNDECOMPOSED = "\u00e6\u00f8\u0153\u00df\u0111\u0142\u00fe\u00f0\u0131";
  private static final String[] SPELLED = {"ae", "o", "oe", "ss", "d", "l", "th", "d", "i"};

  private SlugPolicy() {}

  /** The first candidate: the base slug of {@code name} (already a valid organization name). */
  public static String base(String name) {
    String folded = spellOut(Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT));
    String slug = trimHyphens(folded.replaceAll("[^a-z0-9]+", "-"));
    if (slug.length() > Organization.SLUG_MAX_LENGTH) {
      slug = trimHyphens(slug.substring(0, Organization.SLUG_MAX_LENGTH));
    }
    if (slug.isEmpty()) {
      return FALLBACK;
    }
    return slug.length() < Organization.SLUG_MIN_LENGTH ? FALLBACK + "-" + slug : slug;
  }

  /** Candidate {@code n}: the base itself for 1, else the base suffixed {@code -n}, cut to fit. */
  public static String candidate(String base, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("candidates count from 1, not " + n);
    }
    if (n == 1) {
      return base;
    }
    String suffix = "-" + n;
    String head = base;
    if (head.length() + suffix.length() > Organization.SLUG_MAX_LENGTH) {
      head = trimHyphens(head.substring(0, Organization.SLUG_MAX_LENGTH - suffix.length()));
    }
    return head + suffix;
  }

  private static String spellOut(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int index = UNDECOMPOSED.indexOf(c);
      out.append(index < 0 ? String.valueOf(c) : SPELLED[index]);
    }
    return out.toString();
  }

  private static String trimHyphens(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == '-') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == '-') {
      end--;
    }
    return text.substring(start, end);
  }
}
