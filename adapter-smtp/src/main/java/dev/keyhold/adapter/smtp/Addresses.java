package dev.keyhold.adapter.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Strict parsing of single mail addresses, refusing anything that could smuggle a header. */
final class Addresses {

  private Addresses() {}

  /**
   * Parses exactly one address (optionally with a display name), strictly per RFC 822.
   *
   * @throws IllegalArgumentException if the text holds a control character (CR, LF, ...), a group, several addresses
   *     or an address that is not valid
   */
  static InternetAddress parse(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("The " + what + " address is empty.");
    }
    if (hasControlCharacter(text)) {
      throw new IllegalArgumentException("The " + what + " address contains a control character.");
    }
    InternetAddress address;
    try {
      address = new InternetAddress(text, true);
      address.validate();
    } catch (AddressException e) {
      throw new IllegalArgumentException("The " + what + " address is not a valid mail address.", e);
    }
    if (address.isGroup()) {
      throw new IllegalArgumentException("The " + what + " address must be a single address, not a group.");
    }
    return address;
  }

  static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }
}
