package com.example.identity;

import dev.keyhold.identity.core.Keyhold;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the mail dispatcher every second until the returned executor is shut down. */
final class MailSchedule {

  private static final System.Logger log = System.getLogger("mail");

  private MailSchedule() {}

  static ScheduledExecutorService start(Keyhold keyhold) {
    ScheduledExecutorService mail = Executors.newSingleThreadScheduledExecutor();
    mail.scheduleWithFixedDelay(() -> {
      try {
        keyhold.mail().deliverDue();
      } catch (RuntimeException e) { // a store outage: an escaping exception would end the schedule
        log.log(System.Logger.Level.WARNING, "Mail round failed; trying again", e);
      }
    }, 1, 1, TimeUnit.SECONDS);
    return mail;
  }
}
