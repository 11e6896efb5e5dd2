package dev.keyhold.identity.core.internal.protection;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rate-limit key of a client address: an IPv4 address as it is, an IPv6 address by its /64 prefix (one
 * subscriber normally gets a whole /64, so limiting single IPv6 addresses would limit nothing), an IPv4-mapped IPv6
 * address as the IPv4 address. Anything that is not an address literal is used as given, lower-cased.
 */
final class ClientAddresses {

  /** Only hex digits, colons and dots, starting like an IPv6 literal: parsed without any name lookup. */
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

  private ClientAddresses() {}

  /** The key for {@code address}, or empty when the address is unknown. */
  static Optional<String> key(String address) {
    if (address == null || address.isBlank()) {
      return Optional.empty();
    }
    String text = address.strip();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1);
    }
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone);
    }
    if (text.indexOf(':') >= 0 && IPV6_LITERAL.matcher(text).matches()) {
      try {
        InetAddress parsed = InetAddress.getByName(text);
        if (parsed instanceof Inet6Address) {
          byte[] bytes = parsed.getAddress();
          StringBuilder prefix = new StringBuilder();
          for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
          }
          return Optional.of(prefix.append(":/64").toString());
        }
        return Optional.of(parsed.getHostAddress());
      } catch (UnknownHostException notAnAddress) {
        return Optional.of(text.toLowerCase(Locale.ROOT));
      }
    }
    return Optional.of(text.toLowerCase(Locale.ROOT));
  }
}
