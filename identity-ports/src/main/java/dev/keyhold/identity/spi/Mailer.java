package dev.keyhold.identity.spi;

import java.util.Objects;

/** Sends mail to users. Implementations may queue; {@link #send} must not lose a message it returned from. */
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

  void send(Message message);
}
