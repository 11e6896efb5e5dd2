package dev.keyhold.identity.core.internal.org;

import dev.keyhold.identity.core.internal.mail.MailHtml;
import dev.keyhold.identity.spi.Mailer;
import java.util.Map;

/**
 * The text of invitation mail, plain and HTML (every value escaped by {@link MailHtml}). Of what members typed, only
 * the organization's slug and the role's name appear, both restricted to {@code a-z 0-9 - _}, so an organization's
 * free-text name cannot smuggle a lure or a link into mail sent from the platform's address.
 */
final class InvitationMail {

  private InvitationMail() {}

  static Mailer.Message invitation(String to, String orgSlug, String role, String link, String productName) {
    String subject = "You are invited to join " + orgSlug + " on " + productName;
    return new Mailer.Message(to, subject,
        "You have been invited to join the organization " + orgSlug + " on " + productName + " as " + role + ".\n\n"
            + "Sign in with this email address, then open this link to accept:\n" + link + "\n\n"
            + "If you did not expect this invitation, ignore this message.\n",
        MailHtml.render(subject,
            "<p>You have been invited to join the organization {org} on {product} as {role}.</p>\n"
                + "<p>Sign in with this email address, then open this link to accept:<br>\n"
                + "<a href=\"{link}\">{link}</a></p>\n"
                + "<p>If you did not expect this invitation, ignore this message.</p>",
            Map.of("org", orgSlug, "product", productName, "role", role, "link", link)));
  }
}
