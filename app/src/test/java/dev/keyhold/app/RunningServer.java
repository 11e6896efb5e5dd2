package dev.keyhold.app;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on a free loopback port for one test class, on a fresh PostgreSQL database, with a capturing mailer. Register
 * it as a static field with {@code @RegisterExtension}.
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {

  private final CapturingMailer mail = new CapturingMailer();
  private final Map<String, String> environment;
  private KeyholdServer server;
  private ApiClient api;

  RunningServer() {
    this(Map.of());
  }

  /**
   * A server whose environment also has {@code environment}. Mail is delivered only when the test reads it
   * ({@code MAIL_DELIVERY=false} unless given): a scheduled round that claimed a message first would be sending it
   * while the test looks, and the test would miss it.
   */
  RunningServer(Map<String, String> environment) {
    Map<String, String> withDefaults = new java.util.HashMap<>(Map.of("MAIL_DELIVERY", "false"));
    withDefaults.putAll(environment);
    this.environment = Map.copyOf(withDefaults);
  }

  private Map<String, String> resolved;

  @Override
  public void beforeAll(ExtensionContext context) {
    resolved = TestDatabase.serverEnvironment(environment);
    server = TestServers.start(Config.fromEnvironment(resolved), mail, true);
    api = new ApiClient(server.port());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  int port() {
    return server.port();
  }

  ApiClient api() {
    return api;
  }

  CapturingMailer mail() {
    return mail;
  }

  /** A connection to the server's own database, to check what it stored; the caller closes it. */
  java.sql.Connection database() throws java.sql.SQLException {
    return TestDatabase.connect(resolved);
  }
}
