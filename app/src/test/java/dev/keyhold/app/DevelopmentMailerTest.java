package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyhold.identity.core.mail.LoggingMailer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Without mail delivery configured, the verification link a user needs is in the server's log. */
class DevelopmentMailerTest {

  @Test
  void the_verification_link_is_written_to_the_log_and_works() {
    Logger mailLog = (Logger) LoggerFactory.getLogger("keyhold.mail");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    mailLog.addAppender(captured);
    Config config = Config.fromEnvironment(
        TestDatabase.serverEnvironment(Map.of("PUBLIC_URL", "https://id.example.com")));
    try (KeyholdServer server = KeyholdServer.start(config, new LoggingMailer(), true)) {
      ApiClient api = new ApiClient(server.port());
      api.post("/api/v1/register", Map.of("email", "dev@example.com", "password", "correct horse battery staple"));

      server.keyhold().mail().deliverDue();
      String logged = captured.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(line -> line.contains("dev@example.com")).findFirst().orElseThrow();
      assertThat(logged).contains("https://id.example.com/verify-email?token=");
      String token = logged.replaceAll("(?s).*verify-email\\?token=([A-Za-z0-9_-]+).*", "$1");
      assertThat(api.post("/api/v1/verify-email", Map.of("token", token)).status()).isEqualTo(200);
    } finally {
      mailLog.detachAppender(captured);
    }
  }
}
