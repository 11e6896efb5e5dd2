package dev.keyhold.identity.core.internal.external;

import dev.keyhold.identity.core.internal.mail.MailHtml;
import dev.keyhold.identity.spi.Mailer;
import java.util.Map;

/**
 * The notices that changes to a user's sign-in methods mail to the account's address, so that an owner learns of a
 * method they did not add or remove. Like the account mail, nothing a user or a provider's token wrote goes into
 * them: only the configured product name and the provider's configured display name.
 */
final class ExternalMail {

  /** What changed. */
  enum Change {
    LINKED("New sign-in method for your {product} account",
        "You can now sign in to your {product} account with {provider}. It was linked because {provider} "
            + "confirmed that you own this email address."),
    CLAIMED("Your {product} account now signs in with {provider}",
        "You signed in with {provider}, which confirmed that you own this email address. An account with this "
            + "address had been created before but its address was never confirmed, so anything its creator set "
            + "up was removed: its password, two-factor sign-in and sessions. It is yours now and signs in with "
            + "{provider}; to use a password as well, reset it from the sign-in page."),
    UNLINKED("Sign-in method removed from your {product} account",
        "You can no longer sign in to your {product} account with {provider}.");

    private final String subject;
    private final String body;

    Change(String subject, String body) {
      this.subject = subject;
      this.body = body;
    }
  }

  private static final String NOT_YOU =
      "If this was not you, reset your password at once and contact your administrator.";

  private ExternalMail() {}

  static Mailer.Message notice(String to, Change change, String providerName, String productName) {
    String subject = fill(change.subject, providerName, productName);
    String body = fill(change.body, providerName, productName);
    return new Mailer.Message(to, subject, body + "\n\n" + NOT_YOU + "\n",
        MailHtml.render(subject, "<p>{body}</p>\n<p>{notYou}</p>", Map.of("body", body, "notYou", NOT_YOU)));
  }

  private static String fill(String text, String providerName, String productName) {
    return text.replace("{product}", productName).replace("{provider}", providerName);
  }
}
