package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/** Reading what a GreenMail server received, for the tests that deliver real mail over SMTP. */
final class ReceivedMail {

  private ReceivedMail() {}

  /** The newest message among {@code received} addressed to {@code address} (any case); fails when there is none. */
  static MimeMessage lastTo(MimeMessage[] received, String address) throws Exception {
    MimeMessage last = null;
    for (MimeMessage message : received) {
      if (message.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address)) {
        last = message;
      }
    }
    assertThat(last).as("mail to %s", address).isNotNull();
    return last;
  }

  /** The decoded plain-text part. */
  static String text(MimeMessage message) throws Exception {
    Object content = message.getContent();
    if (content instanceof String text) {
      return text;
    }
    Multipart parts = (Multipart) content;
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        return (String) part.getContent();
      }
    }
    throw new AssertionError("no text/plain part");
  }
}
