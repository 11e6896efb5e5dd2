package com.example.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.adapter.memory.MemoryProtectionStores;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.model.ClientInfo;
import dev.keyhold.identity.testkit.Eventually;
import dev.keyhold.identity.usecase.RegisterAccount;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class MailScheduleTest {

  @Test
  void the_scheduled_dispatcher_delivers_the_verification_mail() {
    CapturingMailer mailer = new CapturingMailer();
    Keyhold keyhold = Keyhold.builder()
        .stores(MemoryStores.create())
        .protection(MemoryProtectionStores.create())
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .mailer(mailer)
        .build();
    ScheduledExecutorService mail = MailSchedule.start(keyhold);
    try {
      keyhold.accounts().register(new RegisterAccount.Command("ada@example.com", "correct horse battery staple",
          null, new ClientInfo("203.0.113.7", "Mozilla/5.0", "request-1")));

      Eventually.await(Duration.ofSeconds(30), () -> !mailer.sent().isEmpty());
      assertThat(mailer.lastTokenTo("ada@example.com")).isNotBlank();
    } finally {
      mail.shutdownNow();
    }
  }
}
