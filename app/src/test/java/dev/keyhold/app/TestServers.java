package dev.keyhold.app;

import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.PasswordHasher;

/** Starts servers for tests, connecting a {@link CapturingMailer} to the server whose outbox feeds it. */
final class TestServers {

  private TestServers() {}

  static KeyholdServer start(Config config, Mailer mailer, boolean migrate) {
    return start(config, mailer, migrate, KeyholdServer.passwordHasher(config));
  }

  /**
   * A server hashing passwords with {@code hasher}, which Keyhold bounds as configured. With a
   * {@link CapturingMailer}, which delivers what is due before each read, the server schedules no delivery of its own:
   * a scheduled round that claimed a message first would still be sending it while the test reads.
   */
  static KeyholdServer start(Config config, Mailer mailer, boolean migrate, PasswordHasher hasher) {
    boolean readsAfterDelivering = mailer instanceof CapturingMailer;
    KeyholdServer server =
        KeyholdServer.start(config, mailer, migrate, hasher, config.mailDelivery() && !readsAfterDelivering);
    if (mailer instanceof CapturingMailer capturing) {
      capturing.deliversFor(server);
    }
    return server;
  }
}
