package dev.keyhold.app;

import dev.keyhold.identity.spi.Mailer;

/** Starts servers for tests, connecting a {@link CapturingMailer} to the server whose outbox feeds it. */
final class TestServers {

  private TestServers() {}

  static KeyholdServer start(Config config, Mailer mailer, boolean migrate) {
    KeyholdServer server = KeyholdServer.start(config, mailer, migrate);
    if (mailer instanceof CapturingMailer capturing) {
      capturing.deliversFor(server);
    }
    return server;
  }
}
