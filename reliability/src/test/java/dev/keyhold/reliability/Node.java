package dev.keyhold.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Keyhold server process started as operators start it: {@code scripts/keyhold serve --migrate} on the packaged
 * jar, configured by environment variables, on a fixed port so that a restart comes back at the same address.
 */
final class Node implements AutoCloseable {

  static final Path ROOT = Path.of(System.getProperty("reliability.root", ".."));
  static final Path JAR = Path.of(System.getProperty("reliability.jar", "../app/target/keyhold.jar"));
  static final Path OUTPUT = Path.of(System.getProperty("reliability.output", "target/reliability"));
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String LINK = "node-under-test.jar";

  private final String name;
  private final Map<String, String> env;
  private final int port;
  private final Path log;
  private Process process;

  private Node(String name, Map<String, String> env, int port, Path log) {
    this.name = name;
    this.env = env;
    this.port = port;
    this.log = log;
  }

  /** Starts the process; call {@link #awaitUp()} before using it. */
  static Node launch(String name, Map<String, String> env) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " not found: build it first (./mvnw -B -ntp verify, or "
          + "./mvnw -q -pl app -am package -DskipTests)");
    }
    try {
      Files.createDirectories(OUTPUT.resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    linkJar();
    Node node = new Node(name, new HashMap<>(env), Processes.freePort(), OUTPUT.resolve("logs").resolve(name + ".log"));
    node.launch();
    return node;
  }

  /**
   * The nodes run the jar through a link of the suite's own ({@value #LINK}), so that their command line names it:
   * other processes on a shared machine that stop "keyhold.jar" servers by name leave the suite's alone.
   */
  private static synchronized void linkJar() {
    Path link = OUTPUT.resolve(LINK);
    try {
      if (!Files.isSymbolicLink(link)) {
        Files.createSymbolicLink(link, JAR.toAbsolutePath());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() {
    ProcessBuilder builder = new ProcessBuilder(List.of("sh", ROOT.resolve("scripts/keyhold").toString(), "serve",
        "--migrate"));
    builder.environment().keySet().removeIf(key -> key.startsWith("KEYHOLD_") || key.equals("JAVA_OPTS"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("KEYHOLD_JAR", OUTPUT.resolve(LINK).toAbsolutePath().toString());
    builder.environment().putAll(env);
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("HOST", "127.0.0.1");
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the node answers {@code /health/live}; fails with the end of its log if it exits or takes long. */
  Duration awaitUp(Api api) {
    try {
      return Await.until(name + " up", START_TIMEOUT, () -> {
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logTail());
        }
        return api.get(this, "/health/live", null).status() == 200;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + logTail(), e);
    }
  }

  /** Starts the stopped or killed node again on the same port and environment. */
  void restart() {
    restart(Map.of());
  }

  /** Starts the stopped or killed node again on the same port, its environment changed by {@code changes}. */
  void restart(Map<String, String> changes) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    env.putAll(changes);
    launch();
  }

  /** {@code SIGKILL}: no shutdown hook runs, nothing is finished. Returns when the process is gone. */
  void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(30));
  }

  /** {@code SIGTERM}, as an orchestrator stops a container; does not wait. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the process to exit; returns its exit status, or fails after {@code atMost}. */
  int waitForExit(Duration atMost) {
    try {
      if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + atMost + "\n" + logTail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  int port() {
    return port;
  }

  /** This node reached through another port, a proxy's in front of it: the same process, for clients only. */
  Node through(int proxyPort) {
    Node view = new Node(name, env, proxyPort, log);
    view.process = process;
    return view;
  }

  String name() {
    return name;
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  String logTail() {
    String text = logText();
    return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
  }

  /** Heap in use after a full collection, in KiB (from {@code jcmd GC.run} and {@code GC.heap_info}), or -1. */
  long heapAfterGcKib() {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Processes.run(List.of(jcmd, Long.toString(pid()), "GC.run"));
    String info = Processes.run(List.of(jcmd, Long.toString(pid()), "GC.heap_info"));
    long used = 0;
    boolean found = false;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(generation|space)\\s+total \\d+K, used (\\d+)K")
        .matcher(info);
    while (m.find()) {
      if (m.group(1).equals("generation")) {
        used += Long.parseLong(m.group(2));
        found = true;
      }
    }
    return found ? used : -1;
  }

  /** RSS (KiB), threads and open descriptors of the process now. */
  Resources resources() {
    return new Resources(heapAfterGcKib(), Processes.status(pid(), "VmRSS"), Processes.status(pid(), "Threads"),
        Processes.openFiles(pid()));
  }

  /** One reading of a node's resources. */
  record Resources(long heapAfterGcKib, long rssKib, long threads, long openFiles) {}

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
