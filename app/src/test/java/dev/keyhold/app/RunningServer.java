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

  /** A server whose environment also has {@code environment}. */
  RunningServer(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = TestServers.start(Config.fromEnvironment(TestDatabase.serverEnvironment(environment)), mail, true);
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
}
