package dev.keyhold.identity.spi;

import java.util.Objects;

/**
 * Sends mail to users. Keyhold calls it only from {@link dev.keyhold.identity.usecase.DeliverMail#deliverDue()},
 * with messages it queued in the {@link MailOutbox}; the outbox retries what {@link #send} refused. Implementations are safe to call from several
 * threads at once. {@code MailerContract} in identity-testkit turns this contract into tests.
 */
public interface Mailer {

  /**
   * A message to one recipient.
   *
   * @param to the recipient's address
   * @param subject the subject line
   * @param textBody the plain-text body
   * @param htmlBody the HTML body, or {@code null} for text only
   */
  record Message(String to, String subject, String textBody, String htmlBody) {
    public Message {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(textBody, "textBody");
    }

    @Override
    public String toString() {
      return "Message[to=" + to + ", subject=" + subject + "]";
    }
  }

  /**
   * Delivers the message, or hands it to something that will (a queue, a relay). When this returns normally the
   * message must not be lost; the recipient receives the subject and the text body unchanged (links carry single-use
   * tokens, so not one character of them may change), and the HTML body too when given and the medium carries HTML.
   *
   * @throws RuntimeException when the message could not be handed on; a backing service that cannot be reached is
   *     reported as {@link dev.keyhold.identity.error.StoreUnavailableException}. The dispatcher then retries later.
   */
  void send(Message message);
}
