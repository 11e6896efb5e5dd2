package dev.keyhold.app.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses webhook receivers Keyhold must not be made to call (server-side request forgery): plain http where only
 * https is allowed, and hosts that resolve to a loopback, private, link-local, carrier-grade NAT, unspecified,
 * multicast or IPv6 unique-local address, unless private addresses are allowed. Every address the name resolves to
 * must pass. Checked at start-up and again before every delivery, since a name may resolve differently later.
 */
public final class AddressGuard {

  private AddressGuard() {}

  /** Why {@code url} is refused. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Passes when {@code url} may be called.
   *
   * @throws Refused naming the reason: http where https is required, an address refused, or a name that does not
   *     resolve
   */
  public static void check(URI url, boolean allowPrivate, boolean httpsOnly) throws Refused {
    if (httpsOnly && !"https".equals(url.getScheme().toLowerCase(Locale.ROOT))) {
      throw new Refused("only https receivers are allowed in production");
    }
    if (allowPrivate) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(url.getHost());
    } catch (UnknownHostException e) {
      throw new Refused("host " + url.getHost() + " does not resolve");
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        throw new Refused(url.getHost() + " resolves to " + address.getHostAddress()
            + ", a loopback, private or link-local address (WEBHOOK_ALLOW_PRIVATE=true allows it)");
      }
    }
  }

  /** Whether {@code address} is one no public receiver has. */
  static boolean isInternal(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      return (bytes[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    return first == 0 // 0.0.0.0/8, "this network"
        || first == 100 && second >= 64 && second < 128 // 100.64.0.0/10, carrier-grade NAT
        || first == 192 && second == 0 && (bytes[2] & 0xff) == 0 // 192.0.0.0/24, protocol assignments
        || first >= 240; // 240.0.0.0/4 reserved, and broadcast
  }
}
