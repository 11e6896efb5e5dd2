package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every mail flow end to end over HTTP and real SMTP (GreenMail): the test reads each link from the received mail
 * and follows it, as a user would.
 */
class MailDeliveryTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

  private static KeyholdServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    Config config = Config.fromEnvironment(TestDatabase.serverEnvironment(Map.of(
        "SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()), "SMTP_SECURITY", "none",
        "SMTP_FROM", "Keyhold <no-reply@keyhold.test>", "SMTP_TIMEOUT", "5s",
        "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1",
        // the test delivers (deliverDue) before it reads: a scheduled round claiming a message first would race it
        "MAIL_DELIVERY", "false")));
    server = KeyholdServer.start(config, KeyholdServer.mailer(config), true);
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void registration_verification_reset_and_invitation_links_arrive_by_smtp_and_work() throws Exception {
    api.post("/api/v1/register", Map.of("email", "ada@example.com", "password", PASSWORD));
    MimeMessage verify = lastTo("ada@example.com");
    assertThat(verify.getFrom()[0].toString()).contains("no-reply@keyhold.test");
    assertThat(verify.getSubject()).containsIgnoringCase("verify");
    assertThat(api.post("/api/v1/verify-email", Map.of("token", token(verify))).status()).isEqualTo(200);
    String access = api.post("/api/v1/login", Map.of("email", "ada@example.com", "password", PASSWORD))
        .text("access_token");

    api.post("/api/v1/password-reset/request", Map.of("email", "ada@example.com"));
    MimeMessage reset = lastTo("ada@example.com");
    assertThat(ReceivedMail.text(reset)).contains("http://keyhold.test/reset-password?token=");
    String newPassword = "a brand new passphrase 2026";
    assertThat(api.post("/api/v1/password-reset/confirm", Map.of("token", token(reset), "new_password", newPassword))
        .status()).isEqualTo(204);
    MimeMessage notice = lastTo("ada@example.com");
    assertThat(notice.getSubject()).containsIgnoringCase("password");
    assertThat(TOKEN.matcher(ReceivedMail.text(notice)).find()).as("the notice carries no token").isFalse();

    access = api.post("/api/v1/login", Map.of("email", "ada@example.com", "password", newPassword))
        .text("access_token");
    String org = api.post("/api/v1/orgs", Map.of("name", "Acme", "slug", "acme"), access).text("id");
    api.post("/api/v1/orgs/" + org + "/invite", Map.of("email", "grace@example.com", "role", "member"), access);
    MimeMessage invitation = lastTo("grace@example.com");
    String invitationToken = token(invitation);

    api.post("/api/v1/register", Map.of("email", "grace@example.com", "password", PASSWORD));
    api.post("/api/v1/verify-email", Map.of("token", token(lastTo("grace@example.com"))));
    String grace = api.post("/api/v1/login", Map.of("email", "grace@example.com", "password", PASSWORD))
        .text("access_token");
    assertThat(api.post("/api/v1/invitations/accept", Map.of("token", invitationToken), grace).status())
        .isEqualTo(200);
  }

  @Test
  void a_password_change_mails_a_notice_without_a_link() throws Exception {
    api.post("/api/v1/register", Map.of("email", "change@example.com", "password", PASSWORD));
    api.post("/api/v1/verify-email", Map.of("token", token(lastTo("change@example.com"))));
    String access = api.post("/api/v1/login", Map.of("email", "change@example.com", "password", PASSWORD))
        .text("access_token");
    assertThat(api.post("/api/v1/me/password",
        Map.of("current_password", PASSWORD, "new_password", "a brand new passphrase 2026"), access).status())
        .isEqualTo(200);
    MimeMessage notice = lastTo("change@example.com");
    assertThat(notice.getSubject()).containsIgnoringCase("password");
    assertThat(TOKEN.matcher(ReceivedMail.text(notice)).find()).isFalse();
  }

  @Test
  void a_taken_address_gets_a_notice_instead_of_a_second_account() throws Exception {
    api.post("/api/v1/register", Map.of("email", "twice@example.com", "password", PASSWORD));
    api.post("/api/v1/register", Map.of("email", "TWICE@example.com", "password", PASSWORD));
    List<MimeMessage> mail = to("twice@example.com");
    assertThat(mail).hasSize(2);
    assertThat(TOKEN.matcher(ReceivedMail.text(mail.get(1))).find()).isFalse();
  }

  private static List<MimeMessage> to(String address) throws Exception {
    server.keyhold().mail().deliverDue();
    List<MimeMessage> result = new ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      if (message.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address)) {
        result.add(message);
      }
    }
    return result;
  }

  private static MimeMessage lastTo(String address) throws Exception {
    List<MimeMessage> mail = to(address);
    assertThat(mail).as("mail to %s", address).isNotEmpty();
    return mail.get(mail.size() - 1);
  }

  private static String token(MimeMessage message) throws Exception {
    Matcher matcher = TOKEN.matcher(ReceivedMail.text(message));
    assertThat(matcher.find()).as("a link with a token").isTrue();
    return matcher.group(1);
  }
}
