package dev.keyhold.identity.core.org;

import dev.keyhold.identity.spi.Mailer;

/**
 * The text of invitation mail. Plain text; of what members typed, only the organization's slug and the role's name
 * appear, both restricted to {@code a-z 0-9 - _}, so an organization's free-text name cannot smuggle a lure or a link
 * into mail sent from the platform's address.
 */
final class InvitationMail {

  private InvitationMail() {}

  static Mailer.Message invitation(String to, String orgSlug, String role, String link, String productName) {
    return new Mailer.Message(to, "You are invited to join " + orgSlug + " on " + productName,
        "You have been invited to join the organization " + orgSlug + " on " + productName + " as " + role + ".\n\n"
            + "Sign in with this email address, then open this link to accept:\n" + link + "\n\n"
            + "If you did not expect this invitation, ignore this message.\n",
        null);
  }
}
