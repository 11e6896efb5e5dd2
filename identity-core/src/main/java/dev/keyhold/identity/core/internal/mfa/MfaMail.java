package dev.keyhold.identity.core.internal.mfa;

import dev.keyhold.identity.core.internal.mail.MailHtml;
import dev.keyhold.identity.spi.Mailer;
import java.util.Map;

/**
 * The notices two-factor changes mail to the account's address, so that an owner learns of a change they did not
 * make. Like the account mail, nothing a user typed goes into them.
 */
final class MfaMail {

  /** What changed. */
  enum Change {
    ENABLED("Two-factor sign-in turned on for your {product} account",
        "Two-factor sign-in was turned on for your {product} account. From now on, signing in asks for a code from "
            + "your authenticator app after your password. Every other device signed in to your account has been "
            + "signed out."),
    DISABLED("Two-factor sign-in turned off for your {product} account",
        "Two-factor sign-in was turned off for your {product} account. Signing in now needs only your password."),
    RESET_BY_ADMIN("Two-factor sign-in removed from your {product} account",
        "An administrator removed two-factor sign-in from your {product} account, with its recovery codes. Signing "
            + "in now needs only your password; turn two-factor sign-in on again from your account settings."),
    RECOVERY_CODES_REPLACED("New recovery codes for your {product} account",
        "New recovery codes were made for your {product} account; the previous ones no longer work.");

    private final String subject;
    private final String body;

    Change(String subject, String body) {
      this.subject = subject;
      this.body = body;
    }
  }

  private static final String NOT_YOU =
      "If this was not you, reset your password at once and contact your administrator.";

  private MfaMail() {}

  static Mailer.Message notice(String to, Change change, String productName) {
    String subject = change.subject.replace("{product}", productName);
    String body = change.body.replace("{product}", productName);
    return new Mailer.Message(to, subject, body + "\n\n" + NOT_YOU + "\n",
        MailHtml.render(subject, "<p>{body}</p>\n<p>{notYou}</p>", Map.of("body", body, "notYou", NOT_YOU)));
  }
}
