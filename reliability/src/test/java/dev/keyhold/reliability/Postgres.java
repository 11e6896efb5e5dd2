package dev.keyhold.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (zonky's binaries) on a fixed port and data directory, so that it can be killed with
 * {@code SIGKILL}, frozen with {@code SIGSTOP} and started again where it was, as a crashed or stalled host would be.
 */
final class Postgres implements AutoCloseable {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path data;
  private final int port;
  private EmbeddedPostgres server;

  private Postgres(Path data, int port) {
    this.data = data;
    this.port = port;
  }

  static Postgres start(Path data) {
    Postgres postgres = new Postgres(data, Processes.freePort());
    postgres.startAgain();
    return postgres;
  }

  /** Starts the server on the same port and data directory (after a crash, PostgreSQL recovers from its WAL). */
  void startAgain() {
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            // zonky turns synchronous_commit off for speed: a killed server then loses commits it acknowledged,
            // which production never allows. Run as production does.
            .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").start();
        return;
      } catch (IOException e) {
        // a killed server's backends may still hold its shared memory for a moment
        last = e;
        sleepQuietly(500);
      }
    }
    throw new UncheckedIOException(last);
  }

  /** The postmaster and its backends, as they are now. */
  List<Long> processes() {
    try {
      long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      return Processes.tree(postmaster);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code SIGKILL} to the postmaster and every backend: the host's process killed, nothing flushed or closed. */
  void kill() {
    List<Long> pids = processes();
    Processes.signal("KILL", pids);
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().join());
    }
    close(); // releases zonky's lock on the data directory (its pg_ctl stop finds nothing to stop)
    server = null;
  }

  /** {@code SIGSTOP} to the postmaster and its backends: connections stay open and nothing answers. */
  List<Long> freeze() {
    List<Long> pids = processes();
    Processes.signal("STOP", pids);
    return pids;
  }

  void thaw(List<Long> pids) {
    Processes.signal("CONT", pids);
  }

  /** Creates an empty database and returns its {@code DATABASE_URL}. */
  String newDatabaseUrl() {
    String name = "reliability_" + DATABASES.incrementAndGet();
    try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "postgresql://postgres@localhost:" + port + "/" + name;
  }

  /** A superuser connection to {@code database}. */
  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database + "?connectTimeout=5"
        + "&socketTimeout=30", "postgres", "");
  }

  /** A superuser connection to the database of {@code databaseUrl}. */
  Connection connectTo(String databaseUrl) throws SQLException {
    return connect(databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException ignored) {
        // going away
      }
    }
  }
}
