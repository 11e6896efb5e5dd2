package dev.keyhold.identity.core;

import static dev.keyhold.identity.core.TestKeyhold.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.core.internal.mail.MailDispatcher;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.model.access.Actor;
import dev.keyhold.identity.model.access.OrgId;
import dev.keyhold.identity.spi.MailOutbox;
import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.usecase.CreateOrganization;
import dev.keyhold.identity.usecase.InviteMember;
import dev.keyhold.identity.usecase.RegisterAccount;
import dev.keyhold.identity.usecase.ResetPassword;
import dev.keyhold.identity.usecase.VerifyEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MailOutboxUseCasesTest {

  private final TestKeyhold t = new TestKeyhold();

  /** The outbox of {@code t}, remembering what was claimed and how attempts failed. */
  private final RecordingOutbox outbox = new RecordingOutbox(t.stores.mailOutbox());

  @Test
  void token_mail_is_queued_with_its_token_and_nothing_is_sent_during_the_request() {
    t.register("grace@example.com");

    assertThat(t.sent).as("nothing sent inside the request").isEmpty();
    assertThat(t.mailer.calls).hasValue(0);
    assertThat(t.stores.mailOutbox().backlog()).isEqualTo(1);
    List<MailOutbox.Entry> queued = t.stores.mailOutbox().claim(t.clock.instant(), 10, Duration.ofMinutes(1));
    assertThat(queued).singleElement().satisfies(entry -> {
      assertThat(entry.message().to()).isEqualTo("grace@example.com");
      assertThat(entry.message().textBody()).contains("https://id.example.com/verify-email?token=");
      assertThat(entry.createdAt()).isEqualTo(t.clock.instant());
    });
    String token = linkToken(queued.get(0).message());
    t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(token, CLIENT));
    assertThat(t.stores.users().findById(t.userId("grace@example.com")).orElseThrow().emailVerified()).isTrue();
  }

  @Test
  void reset_links_invitations_and_notices_are_queued_too() {
    Actor owner = t.signUp("owner@example.com");
    int backlog = t.stores.mailOutbox().backlog();
    assertThat(backlog).isZero();

    t.keyhold.accounts().requestPasswordReset(new ResetPassword.Request("owner@example.com", CLIENT));
    OrgId org = t.keyhold.organizations().create(new CreateOrganization.Command(owner, "Acme", "acme")).id();
    t.keyhold.organizations().invite(new InviteMember.Command(owner, org, "ada@example.com", "member", null));
    t.register("owner@example.com");

    assertThat(t.stores.linkRequests().backlog()).as("the reset request waits for the dispatcher").isEqualTo(1);
    assertThat(t.stores.mailOutbox().backlog()).isEqualTo(2);
    int sentBefore = t.sent.size();
    assertThat(t.deliverQueuedMail()).isEqualTo(3);
    assertThat(t.stores.linkRequests().backlog()).isZero();
    assertThat(t.sent.subList(sentBefore, t.sent.size())).extracting(Mailer.Message::subject).containsExactly(
        "You are invited to join acme on Keyhold", "Sign-up attempt for your Keyhold account",
        "Reset your Keyhold password");
    assertThat(t.stores.mailOutbox().backlog()).isZero();
  }

  @Test
  void a_registration_whose_mail_cannot_be_delivered_still_answers_normally() {
    t.mailer.failNext(Integer.MAX_VALUE);

    RegisterAccount.Result result = t.register("grace@example.com");

    assertThat(result).isInstanceOf(RegisterAccount.Created.class);
    assertThat(t.keyhold.mail().deliverDue()).isZero();
    assertThat(t.mailer.calls).hasValue(1);
    assertThat(t.sent).isEmpty();
    assertThat(t.keyhold.mail().backlog()).as("kept for a retry").isEqualTo(1);
  }

  @Test
  void a_failed_delivery_is_retried_after_an_exponential_backoff_and_delivered_exactly_once() {
    MailDispatcher dispatcher = new MailDispatcher(outbox, t.mailer, t.clock);
    t.register("grace@example.com");
    t.mailer.failNext(2);
    Instant start = t.clock.instant();

    assertThat(dispatcher.deliverDue()).isZero();
    assertThat(outbox.claimed).extracting(MailOutbox.Entry::attempts).containsExactly(1);
    assertThat(outbox.failures).singleElement().satisfies(failure -> {
      assertThat(failure.error()).isEqualTo(StoreUnavailableException.class.getName()
          + ": mail server unreachable: connection refused");
      assertThat(failure.nextAttemptAt()).isEqualTo(start.plusSeconds(10));
    });

    t.clock.advance(Duration.ofSeconds(9));
    assertThat(dispatcher.deliverDue()).isZero();
    assertThat(t.mailer.calls).as("not due before the backoff").hasValue(1);

    t.clock.advance(Duration.ofSeconds(1));
    assertThat(dispatcher.deliverDue()).isZero();
    assertThat(t.mailer.calls).hasValue(2);
    assertThat(outbox.claimed).extracting(MailOutbox.Entry::attempts).containsExactly(1, 2);
    assertThat(outbox.failures.get(1).nextAttemptAt()).as("doubled").isEqualTo(t.clock.instant().plusSeconds(20));

    t.clock.advance(Duration.ofSeconds(19));
    assertThat(dispatcher.deliverDue()).isZero();
    assertThat(t.mailer.calls).hasValue(2);

    t.clock.advance(Duration.ofSeconds(1));
    assertThat(dispatcher.deliverDue()).isEqualTo(1);
    assertThat(outbox.claimed).extracting(MailOutbox.Entry::attempts).containsExactly(1, 2, 3);
    assertThat(outbox.claimed.get(2).lastError()).contains("StoreUnavailableException");
    assertThat(t.sent).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo("grace@example.com"));

    t.clock.advance(Duration.ofHours(2));
    assertThat(dispatcher.deliverDue()).isZero();
    assertThat(t.sent).as("delivered exactly once").hasSize(1);
    assertThat(t.mailer.calls).hasValue(3);
    assertThat(outbox.backlog()).isZero();
    t.keyhold.accounts().verifyEmail(new VerifyEmail.Command(t.lastLinkTokenTo("grace@example.com"), CLIENT));
  }

  @Test
  void the_recorded_error_never_holds_the_link_token() {
    t.register("grace@example.com");
    MailDispatcher dispatcher = new MailDispatcher(outbox, message -> {
      throw new IllegalStateException("550 rejected:\r\n" + message.textBody());
    }, t.clock);

    assertThat(dispatcher.deliverDue()).isZero();

    String token = linkToken(outbox.claimed.get(0).message());
    assertThat(outbox.failures).singleElement().satisfies(failure -> {
      assertThat(failure.error()).startsWith("java.lang.IllegalStateException: 550 rejected:")
          .doesNotContain(token).doesNotContain("\n").hasSizeLessThanOrEqualTo(300);
    });
  }

  @Test
  void one_failing_message_does_not_hold_up_the_others() {
    t.register("a@example.com");
    t.register("b@example.com");
    t.mailer.failNext(1);

    assertThat(t.keyhold.mail().deliverDue()).isEqualTo(1);
    assertThat(t.sent).extracting(Mailer.Message::to).containsExactly("b@example.com");
    t.clock.advance(Duration.ofSeconds(10));
    assertThat(t.keyhold.mail().deliverDue()).isEqualTo(1);
    assertThat(t.sent).extracting(Mailer.Message::to).containsExactly("b@example.com", "a@example.com");
  }

  @Test
  void an_outbox_outage_reaches_the_caller() {
    t.register("grace@example.com");
    outbox.down = true;
    MailDispatcher dispatcher = new MailDispatcher(outbox, t.mailer, t.clock);

    assertThatThrownBy(dispatcher::deliverDue).isInstanceOf(StoreUnavailableException.class);
    assertThat(t.mailer.calls).hasValue(0);
  }

  @Test
  void the_backoff_doubles_from_ten_seconds_up_to_an_hour() {
    assertThat(MailDispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(MailDispatcher.backoff(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(MailDispatcher.backoff(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(MailDispatcher.backoff(9)).isEqualTo(Duration.ofSeconds(2560));
    assertThat(MailDispatcher.backoff(10)).isEqualTo(Duration.ofHours(1));
    assertThat(MailDispatcher.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void html_bodies_escape_the_product_name_and_the_link() {
    TestKeyhold custom = new TestKeyhold(KeyholdSettings.builder("https://id.example.com")
        .productName("<script>alert('x')</script> & \"Co\"").build(), TestKeyhold.FAST);

    custom.keyhold.accounts().register(new RegisterAccount.Command("grace@example.com", TestKeyhold.PASSWORD,
        "<b onmouseover=alert(1)>Grace</b>", CLIENT));

    Mailer.Message mail = custom.mail().get(0);
    String token = custom.lastLinkTokenTo("grace@example.com");
    assertThat(mail.htmlBody())
        .doesNotContain("<script>", "'x'", "<b onmouseover", "Grace")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;")
        .contains("<a href=\"https://id.example.com/verify-email?token=" + token + "\">");
  }

  @Test
  void every_account_and_invitation_mail_has_an_html_body_with_escaped_values() {
    TestKeyhold custom = new TestKeyhold(KeyholdSettings.builder("https://id.example.com")
        .productName("<i>Evil</i>")
        .resetPasswordUrl("https://id.example.com/reset?a=1&b=\"2\"&token={token}").build(), TestKeyhold.FAST);
    Actor owner = custom.signUp("owner@example.com");
    custom.keyhold.accounts().requestPasswordReset(new ResetPassword.Request("owner@example.com", CLIENT));
    custom.deliverQueuedMail();
    OrgId org = custom.keyhold.organizations()
        .create(new CreateOrganization.Command(owner, "<img src=x onerror=alert(1)>", "acme")).id();
    custom.keyhold.organizations().invite(new InviteMember.Command(owner, org, "ada@example.com", "member", null));
    custom.register("owner@example.com");

    assertThat(custom.mail()).hasSize(4).allSatisfy(m -> assertThat(m.htmlBody())
        .startsWith("<!DOCTYPE html>")
        .contains("&lt;i&gt;Evil&lt;/i&gt;")
        .doesNotContain("<i>", "<img"));
    assertThat(custom.mail().get(1).htmlBody())
        .contains("<a href=\"https://id.example.com/reset?a=1&amp;b=&quot;2&quot;&amp;token=");
  }

  private static String linkToken(Mailer.Message message) {
    int at = message.textBody().indexOf("token=") + "token=".length();
    return message.textBody().substring(at, at + 43);
  }

  private record Failure(UUID id, String error, Instant nextAttemptAt) {}

  /** A real outbox, its claims and failures recorded; {@code down} makes every call fail as in an outage. */
  private static final class RecordingOutbox implements MailOutbox {
    final MailOutbox delegate;
    final List<Entry> claimed = new CopyOnWriteArrayList<>();
    final List<Failure> failures = new CopyOnWriteArrayList<>();
    volatile boolean down;

    RecordingOutbox(MailOutbox delegate) {
      this.delegate = delegate;
    }

    private void checkUp() {
      if (down) {
        throw new StoreUnavailableException("outbox store unreachable", null);
      }
    }

    @Override
    public void enqueue(UUID id, Mailer.Message message, Instant now) {
      checkUp();
      delegate.enqueue(id, message, now);
    }

    @Override
    public List<Entry> claim(Instant now, int max, Duration lease) {
      checkUp();
      List<Entry> entries = delegate.claim(now, max, lease);
      claimed.addAll(entries);
      return entries;
    }

    @Override
    public void markSent(UUID id, Instant at) {
      checkUp();
      delegate.markSent(id, at);
    }

    @Override
    public void markFailed(UUID id, String error, Instant nextAttemptAt) {
      checkUp();
      failures.add(new Failure(id, error, nextAttemptAt));
      delegate.markFailed(id, error, nextAttemptAt);
    }

    @Override
    public int backlog() {
      checkUp();
      return delegate.backlog();
    }
  }
}
