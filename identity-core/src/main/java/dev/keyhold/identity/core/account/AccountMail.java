package dev.keyhold.identity.core.account;

import dev.keyhold.identity.spi.Mailer;
import java.time.Duration;

/**
 * Every text of account mail, in one place. Plain text only for now. Nothing a user typed goes into them (no display
 * names): only the recipient's own address as the envelope recipient, the configured product name, and links built
 * from the configured templates.
 */
final class AccountMail {

  /** How the password was replaced, which says which sessions ended. */
  enum PasswordChange {
    /** Through a mailed reset link: every session ended. */
    RESET("with a password-reset link", "Every device signed in to your account has been signed out."),
    /** By the signed-in user, giving the current password: the other sessions ended. */
    CHANGE("from your account settings", "Every other device signed in to your account has been signed out.");

    private final String how;
    private final String sessions;

    PasswordChange(String how, String sessions) {
      this.how = how;
      this.sessions = sessions;
    }
  }

  private AccountMail() {}

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

  static Mailer.Message resetPassword(String to, String link, Duration validFor, String productName) {
    return new Mailer.Message(to, "Reset your " + productName + " password",
        "Someone asked to reset the password of your " + productName + " account.\n\n"
            + "Open this link within " + describe(validFor) + " to choose a new password:\n" + link + "\n\n"
            + "The link works once, and only the link in the latest such message works.\n"
            + "If you did not ask for this, ignore this message; your password is unchanged.\n",
        null);
  }

  /** The notice after a reset or change. Holds no link, so it cannot be used to take the account. */
  static Mailer.Message passwordChanged(String to, PasswordChange change, String productName) {
    return new Mailer.Message(to, "Your " + productName + " password was changed",
        "The password of your " + productName + " account was just changed " + change.how + ".\n"
            + change.sessions + "\n\n"
            + "If you did this, there is nothing more to do.\n"
            + "If you did not, someone else may have your password or access to your email: reset your password"
            + " at once from the " + productName + " sign-in page, and contact support.\n",
        null);
  }

  /** "30 minutes", "1 hour", "2 days": the largest whole unit, down to seconds. */
  static String describe(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds % 86_400 == 0) {
      return plural(seconds / 86_400, "day");
    }
    if (seconds % 3_600 == 0) {
      return plural(seconds / 3_600, "hour");
    }
    if (seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(Math.max(seconds, 1), "second");
  }

  private static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }
}
