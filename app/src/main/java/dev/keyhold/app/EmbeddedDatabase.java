package dev.keyhold.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from Maven Central binaries, its data kept under the data directory so a restart keeps
 * users and keys: the development default when no {@code DATABASE_URL} is set. Also keeps the generated
 * key-encryption key beside it, readable by the owner only.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String KEY_FILE = "key-encryption-key";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts PostgreSQL on a free loopback port with its files in {@code dataDirectory/postgres}. */
  static EmbeddedDatabase start(Path dataDirectory) {
    Path pgData = dataDirectory.resolve("postgres");
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .start();
      LOG.info("Embedded PostgreSQL on port {} with data in {} (development only)", postgres.getPort(), pgData);
      return new EmbeddedDatabase(postgres, dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgData, e);
    }
  }

  DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  int port() {
    return postgres.getPort();
  }

  /**
   * The key-encryption key stored beside the database, created on first use. Lives and dies with the embedded
   * database, so sealed signing keys stay readable across restarts.
   */
  String keyEncryptionKey(java.util.function.Supplier<String> generate) {
    Path file = dataDirectory.resolve(KEY_FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      String key = generate.get();
      Files.writeString(Files.createFile(file,
          PosixFilePermissions.asFileAttribute(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE))), key);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
