package dev.keyhold.app;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line: {@code serve} (the default) starts the server. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    String command = args.length == 0 ? "serve" : args[0];
    if (!command.equals("serve")) {
      LOG.error("Unknown command '{}'. Commands: serve", command);
      System.exit(64);
    }
    Config config;
    try {
      config = Config.fromEnvironment(System.getenv());
    } catch (ConfigException e) {
      e.problems().forEach(problem -> LOG.error("Invalid configuration: {}", problem));
      System.exit(78);
      return;
    }
    KeyholdServer server = KeyholdServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "keyhold-shutdown"));
    stopped.await();
  }
}
