package dev.keyhold.identity.core.internal.extension;

import com.nimbusds.jose.util.JSONObjectUtils;
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

  /**
   * The UTF-8 size of {@code claims} as compact JSON, written by the same library that will write them into the
   * token; only called on JSON values.
   */
  static int size(Map<String, Object> claims) {
    return JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8).length;
  }
}
