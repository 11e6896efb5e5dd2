package dev.keyhold.app;

import dev.keyhold.identity.spi.Mailer;
import dev.keyhold.identity.spi.PasswordHasher;

/** Starts servers for tests, connecting a {@link CapturingMailer} to the server whose outbox feeds it. */
final class TestServers {

  private TestServers() {}

  static KeyholdServer start(Config config, Mailer mailer, boolean migrate) {
    return start(config, mailer, migrate, KeyholdServer.passwordHasher(config));
  }

  /** A server hashing passwords with {@code hasher}, which Keyhold bounds as configured. */
  static KeyholdServer start(Config config, Mailer mailer, boolean migrate, PasswordHasher hasher) {
    KeyholdServer server = KeyholdServer.start(config, mailer, migrate, hasher);
    if (mailer instanceof CapturingMailer capturing) {
      capturing.deliversFor(server);
    }
    return server;
  }
}
