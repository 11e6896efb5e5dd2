package dev.keyhold.identity.testkit;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * UUIDs for tests that depend on the order of ids. The ports order ids as 16 unsigned bytes (PostgreSQL's
 * {@code uuid} order), which Java's {@link UUID#compareTo} does not match (it compares signed halves); the ids made
 * here differ in their last byte only and have the same sign in both halves, so they sort alike under both, for
 * tests about something else than that difference.
 */
public final class TestIds {

  private TestIds() {}

  /**
   * {@code count} fresh random version-4 UUIDs in strictly ascending order under every common UUID order (signed
   * halves, unsigned bytes, canonical text); {@code count} is at most 255.
   */
  public static List<UUID> ascending(int count) {
    if (count < 1 || count > 255) {
      throw new IllegalArgumentException("1 to 255 ids");
    }
    UUID base = UUID.randomUUID();
    long mostSignificant = base.getMostSignificantBits() & 0x7fff_ffff_ffff_ffffL;
    long leastSignificant = base.getLeastSignificantBits() & 0xbfff_ffff_ffff_ff00L | 0x8000_0000_0000_0000L;
    return IntStream.range(0, count)
        .mapToObj(i -> new UUID(mostSignificant, leastSignificant | (i + 1)))
        .collect(Collectors.toList());
  }
}
