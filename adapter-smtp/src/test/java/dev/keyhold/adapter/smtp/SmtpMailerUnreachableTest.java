package dev.keyhold.adapter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.keyhold.adapter.smtp.SmtpSettings.Security;
import dev.keyhold.identity.error.StoreUnavailableException;
import dev.keyhold.identity.spi.Mailer.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpMailerUnreachableTest {

  private static final String FROM = "no-reply@keyhold.test";
  private static final Message MESSAGE = new Message("alice@example.com", "Hi", "body", null);

  @RegisterExtension
  static final GreenMailExtension SMTPS = new GreenMailExtension(GreenMailSetups.smtps());

  @Test
  void a_port_nobody_listens_on_fails_as_unavailable_within_the_connect_timeout() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    SmtpMailer mailer = SmtpMailer.create(SmtpSettings.of("127.0.0.1", port, Security.NONE, FROM)
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> mailer.send(MESSAGE))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("SMTP delivery failed: cannot connect to 127.0.0.1:" + port);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void a_server_that_never_greets_fails_as_unavailable_after_the_read_timeout() throws IOException {
    // The kernel completes the TCP handshake into the backlog; nobody ever accepts or writes the SMTP greeting.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SmtpMailer mailer = SmtpMailer.create(SmtpSettings.of("127.0.0.1", silent.getLocalPort(), Security.NONE, FROM)
          .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));

      long start = System.nanoTime();
      assertThatThrownBy(() -> mailer.send(MESSAGE))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessage("SMTP delivery failed: timed out talking to 127.0.0.1:" + silent.getLocalPort());
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300))
          .isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void implicit_tls_refuses_a_certificate_the_jdk_does_not_trust() {
    // GreenMail's SMTPS uses a self-signed certificate: the handshake must fail rather than trust it.
    SmtpMailer mailer = SmtpMailer.create(SmtpSettings.of("127.0.0.1", SMTPS.getSmtps().getPort(), Security.TLS, FROM)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));

    assertThatThrownBy(() -> mailer.send(MESSAGE))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessage("SMTP delivery failed: TLS with 127.0.0.1:" + SMTPS.getSmtps().getPort() + " failed");
    assertThat(SMTPS.getReceivedMessages()).isEmpty();
  }
}
