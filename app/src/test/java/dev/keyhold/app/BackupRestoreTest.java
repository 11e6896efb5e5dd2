package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore procedure of docs/operations.md, run for real: {@code pg_dump -Fc} of a database a server
 * filled, {@code pg_restore} into a fresh database, and a server with the same key-encryption key on the restored
 * database. pg_dump refuses servers of a later major version than its own, so this test runs a PostgreSQL of the
 * major version of the pg_dump it finds (zonky's binaries of that version, copied by the build; see app/pom.xml),
 * not the shared test PostgreSQL.
 */
class BackupRestoreTest {

  private static final Map<String, String> FAST_HASHING = Map.of("ARGON2_MEMORY_KIB", "8192", "ARGON2_ITERATIONS", "1");
  /** Where the build copies zonky's PostgreSQL binaries of the version this test runs. */
  private static final Path BINARIES = Path.of("target", "backup-test-postgres", "postgres-binaries.jar");

  private static Path tools;
  private static EmbeddedPostgres postgres;

  @TempDir
  Path scratch;

  @BeforeAll
  static void startPostgres() throws IOException {
    tools = clientTools();
    assertThat(BINARIES).as("PostgreSQL binaries for this test (the build copies them: run it through Maven)")
        .isRegularFile();
    postgres = EmbeddedPostgres.builder()
        .setPgBinaryResolver((system, machine) -> binaries(system, machine))
        .start();
    int serverMajor;
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      serverMajor = connection.getMetaData().getDatabaseMajorVersion();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(majorVersion(tools.resolve("pg_dump")))
        .as("pg_dump's major version must be at least the server's, or it refuses to dump")
        .isGreaterThanOrEqualTo(serverMajor);
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void a_dump_restored_into_a_fresh_database_serves_the_same_users_sessions_keys_and_audit_chain() throws Exception {
    CapturingMailer mail = new CapturingMailer();
    Map<String, String> original = TestDatabase.serverEnvironment(newDatabase("keyhold_original"), FAST_HASHING);
    Authenticator app;
    String access;
    String refresh;
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(original), mail, true)) {
      ApiClient api = new ApiClient(server.port());
      app = SignUps.enrol(api, SignUps.signUp(api, mail, "mfa@backup.example.com").text("access_token"));
      ApiClient.Response session = SignUps.signUp(api, mail, "plain@backup.example.com");
      access = session.text("access_token");
      refresh = session.text("refresh_token");
      assertThat(Main.run(new String[] {"rotate-keys"}, original)).isEqualTo(Main.OK);
    }
    long events = count(original, "audit_events");
    assertThat(count(original, "signing_keys")).isEqualTo(2);
    assertThat(count(original, "totp_credentials")).isEqualTo(1);

    Path dump = scratch.resolve("keyhold.dump");
    tool("pg_dump", "-Fc", "-h", "localhost", "-p", Integer.toString(postgres.getPort()), "-U", "postgres",
        "-f", dump.toString(), "keyhold_original");
    String restoredUrl = newDatabase("keyhold_restored");
    tool("pg_restore", "--no-owner", "--exit-on-error", "-h", "localhost", "-p", Integer.toString(postgres.getPort()),
        "-U", "postgres", "-d", "keyhold_restored", dump.toString());
    dropDatabase("keyhold_original"); // nothing below can reach the original by mistake

    Map<String, String> restored = TestDatabase.serverEnvironment(restoredUrl, FAST_HASHING);
    restored.put("KEY_ENCRYPTION_KEY", original.get("KEY_ENCRYPTION_KEY"));
    assertThat(run(restored, "verify-audit")).isEqualTo(new Report(Main.OK,
        "Audit chain intact: " + events + " events checked\n"));
    try (KeyholdServer server = TestServers.start(Config.fromEnvironment(restored), mail, false)) {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.get("/api/v1/me", access).status()).as("an access token from before the dump").isEqualTo(200);
      ApiClient.Response refreshed = api.post("/api/v1/refresh", Map.of("refresh_token", refresh));
      assertThat(refreshed.status()).as("a refresh token from before the dump: " + refreshed).isEqualTo(200);
      assertThat(api.get("/api/v1/me", refreshed.text("access_token")).body().get("email").asText())
          .isEqualTo("plain@backup.example.com");
      ApiClient.Response signedIn = SignUps.signIn(api, "mfa@backup.example.com", app);
      assertThat(signedIn.status()).as("two-factor sign-in: " + signedIn).isEqualTo(200);
      assertThat(api.get("/.well-known/jwks.json", null).body().get("keys")).hasSize(2);
    }
    Report after = run(restored, "verify-audit");
    assertThat(after.status()).isEqualTo(Main.OK);
    assertThat(after.output()).startsWith("Audit chain intact: ");
    assertThat(count(restored, "audit_events")).isGreaterThan(events);
  }

  /** What a command printed, and how it exited. */
  record Report(int status, String output) {}

  private static Report run(Map<String, String> env, String... args) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Main.run(args, env, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Report(status, out.toString(StandardCharsets.UTF_8));
  }

  /** Creates an empty database on this test's PostgreSQL and returns its {@code DATABASE_URL}. */
  private static String newDatabase(String name) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/" + name;
  }

  private static void dropDatabase(String name) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE " + name);
    }
  }

  private static long count(Map<String, String> env, String table) throws SQLException {
    String url = env.get("DATABASE_URL");
    try (Connection connection = postgres.getDatabase("postgres", url.substring(url.lastIndexOf('/') + 1))
            .getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Runs a client tool of {@link #tools} and fails with its output when it fails. */
  private static void tool(String name, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tools.resolve(name).toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(name + " finished").isTrue();
    assertThat(process.exitValue()).as(name + ": " + output).isZero();
  }

  /** The txz archive inside zonky's binaries jar for this platform. */
  private static InputStream binaries(String system, String machine) throws IOException {
    ZipFile jar = new ZipFile(BINARIES.toFile());
    ZipEntry entry = jar.getEntry(("postgres-" + system + "-" + machine + ".txz").toLowerCase(Locale.ROOT));
    if (entry == null) {
      jar.close();
      throw new IOException(BINARIES + " holds no PostgreSQL for " + system + "-" + machine);
    }
    InputStream archive = jar.getInputStream(entry);
    return new java.io.FilterInputStream(archive) {
      @Override
      public void close() throws IOException {
        super.close();
        jar.close();
      }
    };
  }

  /**
   * The directory of {@code pg_dump} and {@code pg_restore}: {@code PG_BIN} when set, else the newest
   * {@code /usr/lib/postgresql/<major>/bin} (Debian's layout), else the {@code PATH}'s.
   */
  private static Path clientTools() throws IOException {
    String configured = System.getenv("PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return requireTools(Path.of(configured));
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> newest = versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
            .map(dir -> dir.resolve("bin"))
            .filter(bin -> Files.isExecutable(bin.resolve("pg_dump")) && Files.isExecutable(bin.resolve("pg_restore")))
            .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString())));
        if (newest.isPresent()) {
          return newest.get();
        }
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "pg_dump"))
          && Files.isExecutable(Path.of(dir, "pg_restore"))) {
        return Path.of(dir);
      }
    }
    throw new AssertionError("pg_dump and pg_restore not found: install PostgreSQL's client tools"
        + " (scripts/ensure-pg-client does, as root on Debian) or point PG_BIN at their directory");
  }

  private static Path requireTools(Path dir) {
    assertThat(dir.resolve("pg_dump")).as("PG_BIN's pg_dump").isExecutable();
    assertThat(dir.resolve("pg_restore")).as("PG_BIN's pg_restore").isExecutable();
    return dir;
  }

  /** The major version {@code pg_dump --version} reports: 15 of {@code pg_dump (PostgreSQL) 15.18 (Debian ...)}. */
  private static int majorVersion(Path pgDump) throws IOException {
    Process process = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher version = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(output);
    assertThat(version.find()).as("pg_dump --version: " + output).isTrue();
    return Integer.parseInt(version.group(1));
  }
}
