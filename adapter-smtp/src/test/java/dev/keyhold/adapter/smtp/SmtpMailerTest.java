package dev.keyhold.adapter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.keyhold.adapter.smtp.SmtpSettings.Security;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.spi.Mailer.Message;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpMailerTest {

  private static final String USER = "keyhold";
  private static final String PASSWORD = "Corr3ct-H0rse-Battery";
  private static final String FROM = "Keyhold <no-reply@keyhold.test>";
  private static final String TO = "alice@example.com";

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(GreenMailSetups.smtp())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("keyhold@keyhold.test", USER, PASSWORD));

  private SmtpSettings settings() {
    return SmtpSettings.of("127.0.0.1", GREEN_MAIL.getSmtp().getPort(), Security.NONE, FROM);
  }

  private MimeMessage onlyReceived() {
    assertThat(GREEN_MAIL.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  @Test
  void a_text_message_arrives_as_utf8_plain_text_from_the_configured_sender() throws Exception {
    String body = "Grüße, Łukasz! Confirm: https://keyhold.test/verify?token=abc — 完了 ✓";
    SmtpMailer.create(settings()).send(new Message(TO, "Bestätigen Sie Ihre Adresse ✓", body, null));

    MimeMessage received = onlyReceived();
    assertThat(received.getFrom()).containsExactly(new InternetAddress(FROM));
    assertThat(received.getAllRecipients()).containsExactly(new InternetAddress(TO));
    assertThat(received.getSubject()).isEqualTo("Bestätigen Sie Ihre Adresse ✓");
    assertThat(received.isMimeType("text/plain")).isTrue();
    assertThat(received.getContentType()).containsIgnoringCase("charset=UTF-8");
    assertThat(((String) received.getContent()).strip()).isEqualTo(body);
    assertThat(received.getSentDate()).isNotNull();
  }

  @Test
  void each_message_gets_a_message_id_in_the_senders_domain() throws Exception {
    SmtpMailer mailer = SmtpMailer.create(settings());
    mailer.send(new Message(TO, "one", "first", null));
    mailer.send(new Message(TO, "two", "second", null));

    assertThat(GREEN_MAIL.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received[0].getMessageID()).matches("<[^<>@\\s]+@keyhold\\.test>");
    assertThat(received[1].getMessageID()).matches("<[^<>@\\s]+@keyhold\\.test>");
    assertThat(received[0].getMessageID()).isNotEqualTo(received[1].getMessageID());
  }

  @Test
  void a_message_with_html_arrives_as_multipart_alternative_with_both_parts() throws Exception {
    String text = "Reset your password: https://keyhold.test/reset?token=xyz";
    String html = "<p>Réinitialiser : <a href=\"https://keyhold.test/reset?token=xyz\">lien</a></p>";
    SmtpMailer.create(settings()).send(new Message(TO, "Reset", text, html));

    MimeMessage received = onlyReceived();
    assertThat(received.isMimeType("multipart/alternative")).isTrue();
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    BodyPart plain = parts.getBodyPart(0);
    BodyPart rich = parts.getBodyPart(1);
    assertThat(plain.isMimeType("text/plain")).isTrue();
    assertThat(plain.getContentType()).containsIgnoringCase("charset=UTF-8");
    assertThat(((String) plain.getContent()).strip()).isEqualTo(text);
    assertThat(rich.isMimeType("text/html")).isTrue();
    assertThat(rich.getContentType()).containsIgnoringCase("charset=UTF-8");
    assertThat(((String) rich.getContent()).strip()).isEqualTo(html);
  }

  @Test
  void the_right_credentials_deliver() throws Exception {
    SmtpMailer.create(settings().withCredentials(USER, PASSWORD)).send(new Message(TO, "Hi", "authenticated", null));

    assertThat(((String) onlyReceived().getContent()).strip()).isEqualTo("authenticated");
  }

  @Test
  void wrong_credentials_fail_as_unavailable_without_revealing_the_password() {
    String wrong = "Wr0ng-Pa55word-Guess";
    SmtpMailer mailer = SmtpMailer.create(settings().withCredentials(USER, wrong));

    assertThatThrownBy(() -> mailer.send(new Message(TO, "Hi", "never", null)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("SMTP delivery failed: ")
        .hasMessageContaining("credentials")
        .hasMessageNotContaining(wrong)
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
          }
        });
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }

  @Test
  void required_starttls_fails_when_the_server_does_not_offer_it() {
    SmtpSettings plainServer = SmtpSettings.of("127.0.0.1", GREEN_MAIL.getSmtp().getPort(), Security.STARTTLS, FROM);

    assertThatThrownBy(() -> SmtpMailer.create(plainServer).send(new Message(TO, "Hi", "never", null)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("SMTP delivery failed: the server 127.0.0.1:" + GREEN_MAIL.getSmtp().getPort()
            + " does not offer STARTTLS");
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "alice@example.com\r\nBcc: mallory@evil.test",
      "alice@example.com\nBcc: mallory@evil.test",
      "alice@example.com\rBcc: mallory@evil.test",
      "alice@example.com, mallory@evil.test",
      "alice@example.com; mallory@evil.test",
      "Friends: alice@example.com, mallory@evil.test;",
      "alice",
      "<alice@example.com",
      ""})
  void a_recipient_that_is_not_exactly_one_valid_address_is_refused_and_nothing_is_sent(String to) {
    SmtpMailer mailer = SmtpMailer.create(settings());

    assertThatThrownBy(() -> mailer.send(new Message(to, "Hi", "body", null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hi\r\nBcc: mallory@evil.test", "Hi\nBcc: mallory@evil.test", "Hi\rX-Injected: yes"})
  void a_subject_with_a_line_break_is_refused_and_nothing_is_sent(String subject) {
    SmtpMailer mailer = SmtpMailer.create(settings());

    assertThatThrownBy(() -> mailer.send(new Message(TO, subject, "body", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject");
    assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
  }
}
