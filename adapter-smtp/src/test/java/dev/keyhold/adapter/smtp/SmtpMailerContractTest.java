package dev.keyhold.adapter.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.keyhold.adapter.smtp.SmtpSettings.Security;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.Mailer.Message;
import dev.keyhold.identity.testkit.MailerContract;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP mailer passes the port's contract against a real SMTP server (GreenMail), read back as MIME. */
class SmtpMailerContractTest extends MailerContract {

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(GreenMailSetups.smtp());

  @Override
  protected Mailer createEmpty() {
    return SmtpMailer.create(SmtpSettings.of(
        "127.0.0.1", GREEN_MAIL.getSmtp().getPort(), Security.NONE, "Keyhold <no-reply@keyhold.test>"));
  }

  /** The server's inbox: {@link SmtpMailer#send} returns once the server has accepted the message. */
  @Override
  protected List<Message> delivered() {
    List<Message> received = new ArrayList<>();
    try {
      for (MimeMessage mime : GREEN_MAIL.getReceivedMessages()) {
        received.add(read(mime));
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return received;
  }

  private static Message read(MimeMessage mime) throws MessagingException, IOException {
    assertThat(mime.getAllRecipients()).hasSize(1);
    String to = ((InternetAddress) mime.getAllRecipients()[0]).getAddress();
    if (mime.isMimeType("text/plain")) {
      return new Message(to, mime.getSubject(), (String) mime.getContent(), null);
    }
    MimeMultipart parts = (MimeMultipart) mime.getContent();
    String text = null;
    String html = null;
    for (int i = 0; i < parts.getCount(); i++) {
      BodyPart part = parts.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        text = (String) part.getContent();
      } else if (part.isMimeType("text/html")) {
        html = (String) part.getContent();
      }
    }
    return new Message(to, mime.getSubject(), text, html);
  }
}
