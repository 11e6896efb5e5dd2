package dev.keyhold.identity.core.internal.account;

import dev.keyhold.identity.core.internal.mail.MailHtml;
import dev.keyhold.identity.spi.Mailer;
import java.time.Duration;
import java.util.Map;

/**
 * Every text of account mail, in one place: a plain-text body and an HTML one, every value in the HTML escaped by
 * {@link MailHtml}. Nothing a user typed goes into them (no display names): only the recipient's own address as the
 * envelope recipient, the configured product name, and links built from the configured templates.
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
    String subject = "Verify your email address for " + productName;
    return new Mailer.Message(to, subject,
        "Welcome to " + productName + ".\n\n"
            + "Open this link to verify your email address:\n" + link + "\n\n"
            + "If you did not create an account, ignore this message.\n",
        MailHtml.render(subject,
            "<p>Welcome to {product}.</p>\n"
                + "<p>Open this link to verify your email address:<br>\n<a href=\"{link}\">{link}</a></p>\n"
                + "<p>If you did not create an account, ignore this message.</p>",
            Map.of("product", productName, "link", link)));
  }

  static Mailer.Message alreadyRegistered(String to, String productName) {
    String subject = "Sign-up attempt for your " + productName + " account";
    return new Mailer.Message(to, subject,
        "Someone tried to create a " + productName + " account with this email address, which already has one.\n\n"
            + "If it was you, sign in instead, or reset your password if you forgot it.\n"
            + "If it was not you, you can ignore this message; your account is unchanged.\n",
        MailHtml.render(subject,
            "<p>Someone tried to create a {product} account with this email address, which already has one.</p>\n"
                + "<p>If it was you, sign in instead, or reset your password if you forgot it.<br>\n"
                + "If it was not you, you can ignore this message; your account is unchanged.</p>",
            Map.of("product", productName)));
  }

  static Mailer.Message confirmNewAddress(String to, String link, Duration validFor, String productName) {
    String subject = "Confirm your new email address for " + productName;
    String within = describe(validFor);
    return new Mailer.Message(to, subject,
        "You asked to use this address for your " + productName + " account.\n\n"
            + "Open this link within " + within + " to confirm it:\n" + link + "\n\n"
            + "Until you do, your account keeps its current address. If you did not ask for this, ignore this "
            + "message.\n",
        MailHtml.render(subject,
            "<p>You asked to use this address for your {product} account.</p>\n"
                + "<p>Open this link within {within} to confirm it:<br>\n<a href=\"{link}\">{link}</a></p>\n"
                + "<p>Until you do, your account keeps its current address. If you did not ask for this, ignore "
                + "this message.</p>",
            Map.of("product", productName, "link", link, "within", within)));
  }

  static Mailer.Message addressChangeRequested(String to, String newAddress, String productName) {
    String subject = "A change of your " + productName + " email address was requested";
    return new Mailer.Message(to, subject,
        "Someone signed in to your " + productName + " account asked to change its email address to "
            + newAddress + ". The change happens only when that address confirms it.\n\n"
            + "If you did this, there is nothing more to do.\n"
            + "If you did not, someone else knows your password: change it at once and contact support.\n",
        MailHtml.render(subject,
            "<p>Someone signed in to your {product} account asked to change its email address to {address}. The "
                + "change happens only when that address confirms it.</p>\n"
                + "<p>If you did this, there is nothing more to do.<br>\n"
                + "If you did not, someone else knows your password: change it at once and contact support.</p>",
            Map.of("product", productName, "address", newAddress)));
  }

  static Mailer.Message addressAlreadyUsed(String to, String productName) {
    String subject = "Email change attempt for your " + productName + " account";
    return new Mailer.Message(to, subject,
        "Someone signed in to another " + productName + " account asked to move it to this email address, which "
            + "already has an account of its own. Nothing has changed.\n\n"
            + "If it was you, sign in to this address's account instead.\n"
            + "If it was not you, you can ignore this message.\n",
        MailHtml.render(subject,
            "<p>Someone signed in to another {product} account asked to move it to this email address, which "
                + "already has an account of its own. Nothing has changed.</p>\n"
                + "<p>If it was you, sign in to this address's account instead.<br>\n"
                + "If it was not you, you can ignore this message.</p>",
            Map.of("product", productName)));
  }

  static Mailer.Message goodbye(String to, String productName) {
    String subject = "Your " + productName + " account is deleted";
    return new Mailer.Message(to, subject,
        "Your " + productName + " account for this email address has been deleted, as you asked. Every session is "
            + "signed out and your profile, memberships and sign-in methods are removed.\n\n"
            + "If you did not ask for this, someone knew your password: register again and contact us.\n",
        MailHtml.render(subject,
            "<p>Your {product} account for this email address has been deleted, as you asked. Every session is "
                + "signed out and your profile, memberships and sign-in methods are removed.</p>\n"
                + "<p>If you did not ask for this, someone knew your password: register again and contact us.</p>",
            Map.of("product", productName)));
  }

  static Mailer.Message deletedByAdministrator(String to, String productName) {
    String subject = "Your " + productName + " account is deleted";
    return new Mailer.Message(to, subject,
        "An administrator of " + productName + " has deleted the account for this email address. Every session is "
            + "signed out and your profile, memberships and sign-in methods are removed.\n\n"
            + "If you think this is a mistake, contact the administrators.\n",
        MailHtml.render(subject,
            "<p>An administrator of {product} has deleted the account for this email address. Every session is "
                + "signed out and your profile, memberships and sign-in methods are removed.</p>\n"
                + "<p>If you think this is a mistake, contact the administrators.</p>",
            Map.of("product", productName)));
  }

  static Mailer.Message resetPassword(String to, String link, Duration validFor, String productName) {
    String subject = "Reset your " + productName + " password";
    return new Mailer.Message(to, subject,
        "Someone asked to reset the password of your " + productName + " account.\n\n"
            + "Open this link within " + describe(validFor) + " to choose a new password:\n" + link + "\n\n"
            + "The link works once, and only the link in the latest such message works.\n"
            + "If you did not ask for this, ignore this message; your password is unchanged.\n",
        MailHtml.render(subject,
            "<p>Someone asked to reset the password of your {product} account.</p>\n"
                + "<p>Open this link within {validFor} to choose a new password:<br>\n"
                + "<a href=\"{link}\">{link}</a></p>\n"
                + "<p>The link works once, and only the link in the latest such message works.<br>\n"
                + "If you did not ask for this, ignore this message; your password is unchanged.</p>",
            Map.of("product", productName, "link", link, "validFor", describe(validFor))));
  }

  /** To a user an administrator created: a link to choose the first password (a password-reset link). */
  static Mailer.Message accountCreated(String to, String link, Duration validFor, String productName) {
    String subject = "Your " + productName + " account";
    return new Mailer.Message(to, subject,
        "An administrator created a " + productName + " account for this email address.\n\n"
            + "Open this link within " + describe(validFor) + " to choose your password:\n" + link + "\n\n"
            + "The link works once. If it has expired, ask for a password reset on the sign-in page.\n"
            + "If you did not expect this, ignore this message.\n",
        MailHtml.render(subject,
            "<p>An administrator created a {product} account for this email address.</p>\n"
                + "<p>Open this link within {validFor} to choose your password:<br>\n"
                + "<a href=\"{link}\">{link}</a></p>\n"
                + "<p>The link works once. If it has expired, ask for a password reset on the sign-in page.<br>\n"
                + "If you did not expect this, ignore this message.</p>",
            Map.of("product", productName, "link", link, "validFor", describe(validFor))));
  }

  /** The notice after a reset or change. Holds no link, so it cannot be used to take the account. */
  static Mailer.Message passwordChanged(String to, PasswordChange change, String productName) {
    String subject = "Your " + productName + " password was changed";
    return new Mailer.Message(to, subject,
        "The password of your " + productName + " account was just changed " + change.how + ".\n"
            + change.sessions + "\n\n"
            + "If you did this, there is nothing more to do.\n"
            + "If you did not, someone else may have your password or access to your email: reset your password"
            + " at once from the " + productName + " sign-in page, and contact support.\n",
        MailHtml.render(subject,
            "<p>The password of your {product} account was just changed {how}.<br>\n{sessions}</p>\n"
                + "<p>If you did this, there is nothing more to do.<br>\n"
                + "If you did not, someone else may have your password or access to your email: reset your"
                + " password at once from the {product} sign-in page, and contact support.</p>",
            Map.of("product", productName, "how", change.how, "sessions", change.sessions)));
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
