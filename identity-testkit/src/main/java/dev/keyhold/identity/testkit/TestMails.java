package dev.keyhold.identity.testkit;

import dev.keyhold.identity.spi.Mailer;

/** Mail messages for tests. */
public final class TestMails {

  private TestMails() {}

  /** A text-only message to {@code to} whose subject and body name it. */
  public static Mailer.Message message(String to) {
    return new Mailer.Message(to, "Hello " + to, "Plain text for " + to + ".", null);
  }

  /** A message with every field set, with non-ASCII text, line breaks and HTML. */
  public static Mailer.Message fullyPopulated(String to) {
    return new Mailer.Message(to, "Willkommen bei \u00c6r\u00f8 \u2014 \u00fcber", "Hallo,\r\nklicke den Link.\n\u2603",
        "<p>Hallo, <a href=\"https://keyhold.test/x?a=1&amp;b=2\">klicke</a> \u2603</p>");
  }
}
