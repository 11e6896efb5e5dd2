package dev.keyhold.identity.core.account;

import dev.keyhold.identity.spi.Mailer;

/** The texts of account mail. Plain text only for now; user-supplied text is never put into them. */
final class VerificationMail {

  private VerificationMail() {}

  static Mailer.Message verifyAddress(String to, String link, String productName) {
    return new Mailer.Message(to, "Verify your email address for " + productName,
        "Welcome to " + productName + ".\n\n"
            + "Open this link to verify your email address:\n" + link + "\n\n"
            + "If you did not create an account, ignore this message.\n",
        null);
  }

  static Mailer.Message alreadyRegistered(String to, String productName) {
    return new Mailer.Message(to, "Sign-up attempt for your " + productName + " account",
        "Someone tried to create a " + productName + " account with this email address, which already has one.\n\n"
            + "If it was you, sign in instead, or reset your password if you forgot it.\n"
            + "If it was not you, you can ignore this message; your account is unchanged.\n",
        null);
  }
}
