package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mail goes through a durable outbox in PostgreSQL: with SMTP down requests still succeed and the mail waits; it is
 * delivered exactly once when SMTP returns, also after a server restart.
 */
class MailOutboxTest {

  private static final String PASSWORD = "correct horse battery staple";

  private final int smtpPort = freePort();
  private GreenMail smtp;

  @AfterEach
  void stopSmtp() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(TestDatabase.serverEnvironment(Map.of(
        "SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtpPort), "SMTP_SECURITY", "none",
        "SMTP_FROM", "no-reply@keyhold.test", "SMTP_TIMEOUT", "1s",
        "ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1")));
    return env;
  }

  private void startSmtp() {
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @Test
  void mail_waits_while_smtp_is_down_and_is_delivered_exactly_once_when_it_returns() {
    Config config = Config.fromEnvironment(environment());
    try (KeyholdServer server = KeyholdServer.start(config, KeyholdServer.mailer(config), true)) {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.post("/api/v1/register", Map.of("email", "ada@example.com", "password", PASSWORD)).status())
          .as("the request does not wait for SMTP").isEqualTo(202);
      assertThat(server.keyhold().mail().deliverDue()).as("SMTP is down").isZero();

      startSmtp();

      await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length == 1);
      assertThat(server.keyhold().mail().deliverDue()).as("nothing left to send").isZero();
      assertThat(smtp.getReceivedMessages()).hasSize(1);
    }
  }

  @Test
  void mail_pending_at_shutdown_is_delivered_after_a_restart() {
    Map<String, String> env = environment();
    Config config = Config.fromEnvironment(env);
    try (KeyholdServer first = KeyholdServer.start(config, KeyholdServer.mailer(config), true)) {
      new ApiClient(first.port()).post("/api/v1/register", Map.of("email", "grace@example.com", "password", PASSWORD));
    }
    startSmtp();
    try (KeyholdServer second = KeyholdServer.start(config, KeyholdServer.mailer(config), false)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length == 1);
      assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("grace@example.com");
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
