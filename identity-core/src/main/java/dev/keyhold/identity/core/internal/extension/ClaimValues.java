package dev.keyhold.identity.core.internal.extension;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/** What a custom claim may hold (JSON values), and how many bytes a set of them takes as compact JSON. */
final class ClaimValues {

  /** Nesting deeper than this is refused: no token needs it, and it bounds the walk. */
  private static final int MAX_DEPTH = 8;

  private ClaimValues() {}

  static boolean isJson(Object value) {
    return isJson(value, 0);
  }

  private static boolean isJson(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Long || value instanceof Double && Double.isFinite((Double) value)
        || value instanceof java.math.BigDecimal || value instanceof java.math.BigInteger) {
      return true;
    }
    if (value instanceof Collection<?> list) {
      return list.stream().allMatch(element -> isJson(element, depth + 1));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream()
          .allMatch(entry -> entry.getKey() instanceof String && isJson(entry.getValue(), depth + 1));
    }
    return false;
  }

  /** The UTF-8 size of {@code claims} as a compact JSON object; only called on JSON values. */
  static int size(Map<String, Object> claims) {
    StringBuilder json = new StringBuilder();
    write(claims, json);
    return json.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string((String) entry.getKey(), out);
        out.append(':');
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object element : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(element, out);
      }
      out.append(']');
    } else if (value instanceof String text) {
      string(text, out);
    } else {
      out.append(value);
    }
  }

  /** A JSON string; escapes counted at their longest ({@code \\uXXXX}) for control characters. */
  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
