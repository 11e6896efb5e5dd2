package dev.keyhold.identity.core.internal.extension;

import dev.keyhold.identity.core.crypto.JoseAccessTokens;
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

  /** The size {@code claims} take in an access token; only called on JSON values. */
  static int size(Map<String, Object> claims) {
    return JoseAccessTokens.encodedSize(claims);
  }
}
