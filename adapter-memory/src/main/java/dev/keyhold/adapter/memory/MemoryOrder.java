package dev.keyhold.adapter.memory;

import java.util.Comparator;
import java.util.UUID;

/**
 * The orders the memory stores list things in, chosen to match a SQL store's: UUIDs by their bytes, unsigned (as
 * PostgreSQL sorts {@code uuid}; Java's {@link UUID#compareTo} compares signed halves), and text by code point (as a
 * binary collation such as PostgreSQL's {@code "C"} sorts UTF-8).
 */
final class MemoryOrder {

  /** UUIDs by their 16 bytes, unsigned. */
  static final Comparator<UUID> UUIDS = Comparator
      .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
      .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  /** Strings by code point, a prefix before the longer string. */
  static final Comparator<String> CODE_POINTS = MemoryOrder::compareCodePoints;

  private MemoryOrder() {}

  private static int compareCodePoints(String left, String right) {
    int i = 0;
    int j = 0;
    while (i < left.length() && j < right.length()) {
      int a = left.codePointAt(i);
      int b = right.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Boolean.compare(i < left.length(), j < right.length());
  }
}
