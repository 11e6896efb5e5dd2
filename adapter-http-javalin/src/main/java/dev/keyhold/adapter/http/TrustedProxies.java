package dev.keyhold.adapter.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The client address of a request that may have come through reverse proxies. The socket peer is the client unless
 * it is a trusted proxy; then {@code X-Forwarded-For} is read from the right (each proxy appends the address it was
 * called from), past trusted proxies, to the first address that is not one. A client can write anything into the
 * header, so entries are believed only as far as a chain of trusted proxies vouches for them.
 *
 * <p>Addresses are IP literals, parsed here and never resolved: a name in a header or in the settings is malformed,
 * not looked up. IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) count as IPv4. Answers are canonical text:
 * dotted-quad IPv4, RFC 5952 IPv6, without brackets, ports or zones.
 */
final class TrustedProxies {

  static final String FORWARDED_FOR = "X-Forwarded-For";
  static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * @param entries IPv4 or IPv6 addresses, or CIDR ranges of them ({@code 10.0.0.0/8}, {@code 2001:db8::/32})
   * @throws IllegalArgumentException naming the first entry that is none of these, or a range with host bits set
   */
  static TrustedProxies parse(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      ranges.add(Range.parse(entry));
    }
    return new TrustedProxies(ranges);
  }

  /**
   * The client's address.
   *
   * @param peer the socket peer's address as the server reports it, or {@code null}
   * @param forwardedFor the values of every {@code X-Forwarded-For} header, in the order received
   * @return the canonical client address; the peer text as given when it is not an IP literal (never trusted);
   *     {@code null} when there is no peer address
   */
  String clientAddress(String peer, List<String> forwardedFor) {
    Address current = Address.parseHost(peer);
    if (current == null) {
      return peer == null || peer.isBlank() ? null : peer.strip();
    }
    if (!trusts(current)) {
      return current.toString();
    }
    List<String> entries = new ArrayList<>();
    for (String value : forwardedFor) {
      entries.addAll(List.of(value.split(",", -1)));
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      String entry = entries.get(i).strip();
      if (entry.isEmpty()) {
        continue; // an empty list element means nothing (RFC 9110 section 5.6.1)
      }
      Address hop = Address.parseHost(entry);
      if (hop == null) {
        // A trusted proxy wrote something that is not an address ("unknown"): whatever lies to its left came from a
        // client nobody vouches for, so the last trusted hop is the best answer there is.
        break;
      }
      if (!trusts(hop)) {
        return hop.toString();
      }
      current = hop;
    }
    return current.toString();
  }

  private boolean trusts(Address address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** An IPv4 address in the low 32 bits of {@code low}, or an IPv6 address in {@code high} and {@code low}. */
  record Address(long high, long low, boolean ipv4) {

    private static final long IPV4_MASK = 0xffff_ffffL;

    /**
     * An address as it appears in a header or as a socket peer: IPv4 with an optional {@code :port}, IPv6 bare or in
     * brackets with an optional {@code :port}, IPv6 with an optional {@code %zone}. Surrounding whitespace is ignored.
     *
     * @return the address, IPv4-mapped ones as IPv4, or {@code null} when {@code text} is anything else
     */
    static Address parseHost(String text) {
      if (text == null) {
        return null;
      }
      String host = text.strip();
      if (host.startsWith("[")) {
        int close = host.indexOf(']');
        if (close < 0 || !isPortOrNothing(host.substring(close + 1))) {
          return null;
        }
        return unmapped(parseIpv6(withoutZone(host.substring(1, close))));
      }
      int colon = host.indexOf(':');
      if (colon >= 0 && colon == host.lastIndexOf(':')) {
        if (!isPortOrNothing(host.substring(colon))) {
          return null;
        }
        return parseIpv4(host.substring(0, colon));
      }
      return colon < 0 ? parseIpv4(host) : unmapped(parseIpv6(withoutZone(host)));
    }

    /** A bare IPv4 or IPv6 literal, not normalized: {@code ::ffff:192.0.2.1} stays IPv6. {@code null} otherwise. */
    static Address parseLiteral(String text) {
      return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    int bits() {
      return ipv4 ? 32 : 128;
    }

    boolean isIpv4Mapped() {
      return !ipv4 && high == 0 && (low >>> 32) == 0xffffL;
    }

    @Override
    public String toString() {
      if (ipv4) {
        return (low >>> 24) + "." + ((low >>> 16) & 0xff) + "." + ((low >>> 8) & 0xff) + "." + (low & 0xff);
      }
      int[] groups = new int[8];
      for (int i = 0; i < 4; i++) {
        groups[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
        groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
      }
      // RFC 5952: the longest run of two or more zero groups becomes "::", the first one on a tie
      int bestStart = -1;
      int bestLength = 1;
      for (int i = 0; i < 8; ) {
        int j = i;
        while (j < 8 && groups[j] == 0) {
          j++;
        }
        if (j - i > bestLength) {
          bestStart = i;
          bestLength = j - i;
        }
        i = j == i ? i + 1 : j;
      }
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (i == bestStart) {
          text.append("::");
          i += bestLength - 1;
        } else {
          if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
            text.append(':');
          }
          text.append(Integer.toHexString(groups[i]));
        }
      }
      return text.toString();
    }

    private static Address unmapped(Address address) {
      return address != null && address.isIpv4Mapped() ? new Address(0, address.low & IPV4_MASK, true) : address;
    }

    private static boolean isPortOrNothing(String text) {
      if (text.isEmpty()) {
        return true;
      }
      if (text.charAt(0) != ':' || text.length() < 2 || text.length() > 6 || !isDigits(text.substring(1))) {
        return false;
      }
      return Integer.parseInt(text.substring(1)) <= 65_535;
    }

    private static String withoutZone(String text) {
      int percent = text.indexOf('%');
      if (percent < 0) {
        return text;
      }
      String zone = text.substring(percent + 1);
      boolean wellFormed = !zone.isEmpty()
          && zone.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || "._~-".indexOf(c) >= 0));
      return wellFormed ? text.substring(0, percent) : null;
    }

    private static Address parseIpv4(String text) {
      long value = ipv4Bits(text);
      return value < 0 ? null : new Address(0, value, true);
    }

    /** Four decimal octets without leading zeros (which some parsers read as octal), or -1. */
    private static long ipv4Bits(String text) {
      String[] octets = text.split("\\.", -1);
      if (octets.length != 4) {
        return -1;
      }
      long value = 0;
      for (String octet : octets) {
        if (octet.length() > 3 || !isDigits(octet) || (octet.length() > 1 && octet.charAt(0) == '0')) {
          return -1;
        }
        int number = Integer.parseInt(octet);
        if (number > 255) {
          return -1;
        }
        value = (value << 8) | number;
      }
      return value;
    }

    /** RFC 4291 section 2.2 text: eight groups, or fewer around one {@code ::}, the last 32 bits optionally IPv4. */
    private static Address parseIpv6(String text) {
      if (text == null || text.isEmpty()) {
        return null;
      }
      int gap = text.indexOf("::");
      if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
        return null;
      }
      int[] head = groups(gap < 0 ? text : text.substring(0, gap), gap < 0);
      int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
      if (head == null || tail == null) {
        return null;
      }
      int count = head.length + tail.length;
      if (gap < 0 ? count != 8 : count > 7) {
        return null;
      }
      int[] all = new int[8];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
      long high = 0;
      long low = 0;
      for (int i = 0; i < 4; i++) {
        high = (high << 16) | all[i];
        low = (low << 16) | all[i + 4];
      }
      return new Address(high, low, false);
    }

    /** The 16-bit groups of one side of a {@code ::}; an IPv4 tail counts as two. {@code null} when malformed. */
    private static int[] groups(String text, boolean mayEndInIpv4) {
      if (text.isEmpty()) {
        return new int[0];
      }
      String[] parts = text.split(":", -1);
      int last = parts.length - 1;
      boolean ipv4Tail = mayEndInIpv4 && parts[last].indexOf('.') >= 0;
      int[] groups = new int[ipv4Tail ? parts.length + 1 : parts.length];
      for (int i = 0; i < parts.length; i++) {
        if (i == last && ipv4Tail) {
          long ipv4 = ipv4Bits(parts[i]);
          if (ipv4 < 0) {
            return null;
          }
          groups[i] = (int) (ipv4 >>> 16);
          groups[i + 1] = (int) (ipv4 & 0xffff);
        } else {
          if (parts[i].isEmpty() || parts[i].length() > 4 || !isHex(parts[i])) {
            return null;
          }
          groups[i] = Integer.parseInt(parts[i], 16);
        }
      }
      return groups;
    }

    private static boolean isDigits(String text) {
      return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isHex(String text) {
      return text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
  }

  /** A CIDR range; a single address is a range of one. The base has no bits set past the prefix. */
  record Range(Address base, int prefix) {

    /** @throws IllegalArgumentException when {@code text} is not an address or a CIDR range */
    static Range parse(String text) {
      if (text == null) {
        throw new IllegalArgumentException("a trusted proxy must not be null");
      }
      int slash = text.indexOf('/');
      Address base = Address.parseLiteral(slash < 0 ? text : text.substring(0, slash));
      if (base == null) {
        throw new IllegalArgumentException(
            "trusted proxy \"" + text + "\" is not an IPv4 or IPv6 address or CIDR range (no host names)");
      }
      int prefix = base.bits();
      if (slash >= 0) {
        String digits = text.substring(slash + 1);
        if (!Address.isDigits(digits) || digits.length() > 3 || Integer.parseInt(digits) > base.bits()) {
          throw new IllegalArgumentException("trusted proxy \"" + text + "\" needs a prefix length from 0 to "
              + base.bits() + " after the /");
        }
        prefix = Integer.parseInt(digits);
      }
      if (base.isIpv4Mapped()) {
        if (prefix < 96) {
          throw new IllegalArgumentException("trusted proxy \"" + text
              + "\" mixes IPv4-mapped and other IPv6 addresses; write the IPv4 range instead");
        }
        base = new Address(0, base.low() & Address.IPV4_MASK, true);
        prefix -= 96;
      }
      Range range = new Range(base, prefix);
      Address network = range.masked(base);
      if (!network.equals(base)) {
        throw new IllegalArgumentException("trusted proxy \"" + text + "\" has bits set past its prefix; did you mean "
            + network + "/" + prefix + "?");
      }
      return range;
    }

    boolean contains(Address address) {
      return address.ipv4() == base.ipv4() && base.equals(masked(address));
    }

    /** {@code address} with every bit past the prefix cleared. */
    private Address masked(Address address) {
      if (address.ipv4()) {
        long mask = prefix == 0 ? 0 : (-1L << (32 - prefix)) & Address.IPV4_MASK;
        return new Address(0, address.low() & mask, true);
      }
      long highMask = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
      long lowMask = prefix <= 64 ? 0 : -1L << (128 - prefix);
      return new Address(address.high() & highMask, address.low() & lowMask, false);
    }
  }
}
