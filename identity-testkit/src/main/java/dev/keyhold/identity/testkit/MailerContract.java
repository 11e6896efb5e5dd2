package dev.keyhold.identity.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.Mailer.Message;
import dev.keyhold.identity.testkit.Concurrently.Outcome;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Mailer}: every mailer's test extends this class, implements {@link #createEmpty()} and
 * {@link #delivered()}, and says with {@link #carriesHtml()} whether its medium carries HTML.
 *
 * <p>Links in mail carry single-use tokens, so the contract checks that recipient, subject and text arrive unchanged
 * (text compared without regard to line-ending style and trailing white space, which mail transports rewrite).
 */
public abstract class MailerContract {

  /** A sign-in link as Keyhold mails it: longer than a mail line, with characters a transport might encode. */
  protected static final String LINK =
      "https://id.example.com/verify-email?token=Zm9vYmFyYmF6cXV4LV9fX2FiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6MDEyMzQ1Njc4OQ";

  private Mailer mailer;

  /**
   * The mailer under test, called once before each test; nothing it delivered before this call may show in
   * {@link #delivered()} afterwards.
   */
  protected abstract Mailer createEmpty();

  /**
   * What reached the recipients since {@link #createEmpty()}, in the order it arrived, read back from where the
   * mailer delivers (a mail server's inbox, a log), not from the mailer's own memory. A mailer that hands messages
   * to a queue waits here until they have been delivered. The {@code htmlBody} of each is {@code null} unless the
   * medium {@link #carriesHtml() carries HTML}.
   */
  protected abstract List<Message> delivered();

  /** Whether the recipient receives the HTML body of a message that has one; true unless overridden. */
  protected boolean carriesHtml() {
    return true;
  }

  @BeforeEach
  void createMailer() {
    mailer = createEmpty();
  }

  @Test
  void a_sent_message_reaches_its_recipient_with_subject_and_text_unchanged() {
    Message message = new Message("ada@example.io", "Confirm your email address",
        "Hello Ada,\n\nconfirm your address: " + LINK + "\n\nThe link works once, for 24 hours.\n", null);

    mailer.send(message);

    assertThat(delivered()).singleElement().satisfies(received -> assertSameMail(received, message));
  }

  @Test
  void non_ascii_subjects_and_text_arrive_unchanged() {
    Message message = new Message("ada@example.io", "Best\u00e4tigen Sie Ihre Adresse \u2713 \u5b8c\u4e86",
        "Gr\u00fc\u00dfe, \u0141ukasz! \u2603 " + LINK + " \u2014 \ud83d\udd11", null);

    mailer.send(message);

    assertThat(delivered()).singleElement().satisfies(received -> assertSameMail(received, message));
  }

  @Test
  void a_message_with_html_still_delivers_its_text_and_carries_the_html_where_the_medium_can() {
    Message message = new Message("grace@example.io", "Reset your password", "Reset it here: " + LINK,
        "<p>Reset it <a href=\"" + LINK + "\">here</a> \u2603</p>");

    mailer.send(message);

    Message received = delivered().get(0);
    assertThat(received.to()).isEqualTo(message.to());
    assertThat(received.subject()).isEqualTo(message.subject());
    assertThat(normalized(received.textBody())).isEqualTo(normalized(message.textBody()));
    if (carriesHtml()) {
      assertThat(received.htmlBody()).isNotNull();
      assertThat(normalized(received.htmlBody())).isEqualTo(normalized(message.htmlBody()));
    }
  }

  @Test
  void each_message_reaches_only_its_own_recipient_in_the_order_sent() {
    List<Message> messages = List.of(
        TestMails.message("ada@example.io"), TestMails.message("grace@example.io"), TestMails.message("alan@example.io"));

    messages.forEach(mailer::send);

    List<Message> received = delivered();
    assertThat(received).hasSize(3);
    for (int i = 0; i < messages.size(); i++) {
      assertSameMail(received.get(i), messages.get(i));
    }
  }

  @Test
  void messages_sent_from_many_threads_at_once_are_each_delivered_once() {
    int threads = 8;
    List<Message> messages = IntStream.range(0, threads)
        .mapToObj(i -> TestMails.message("user" + i + "@example.io"))
        .collect(Collectors.toList());

    List<Outcome<Void>> outcomes = Concurrently.run(threads, i -> mailer.send(messages.get(i)));

    assertThat(outcomes).allMatch(Outcome::succeeded);
    List<Message> received = delivered().stream()
        .sorted(Comparator.comparing(Message::to))
        .collect(Collectors.toList());
    assertThat(received).hasSize(threads);
    for (int i = 0; i < threads; i++) {
      assertSameMail(received.get(i), messages.get(i));
    }
  }

  private static void assertSameMail(Message received, Message sent) {
    assertThat(received.to()).isEqualTo(sent.to());
    assertThat(received.subject()).isEqualTo(sent.subject());
    assertThat(normalized(received.textBody())).isEqualTo(normalized(sent.textBody()));
  }

  /** Line breaks as {@code \n}, without trailing white space on each line or at the end. */
  private static String normalized(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n').lines()
        .map(String::stripTrailing)
        .collect(Collectors.joining("\n"))
        .strip();
  }
}
