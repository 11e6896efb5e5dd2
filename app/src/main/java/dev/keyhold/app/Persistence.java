package dev.keyhold.app;

import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.jdbi.JdbiStores;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import java.util.Optional;

/**
 * Where the server keeps its state: the PostgreSQL of {@code DATABASE_URL}, or else an embedded PostgreSQL under the
 * data directory (development only), plus the key that seals the signing keys stored there.
 */
final class Persistence implements AutoCloseable {

  private final JdbiStores stores;
  private final Optional<EmbeddedDatabase> embedded;
  private final KeyEncryption keyEncryption;

  private Persistence(JdbiStores stores, Optional<EmbeddedDatabase> embedded, KeyEncryption keyEncryption) {
    this.stores = stores;
    this.embedded = embedded;
    this.keyEncryption = keyEncryption;
  }

  static Persistence open(Config config) {
    if (config.database().isPresent()) {
      String key = config.keyEncryptionKey()
          .orElseThrow(() -> new IllegalStateException("KEY_ENCRYPTION_KEY is required with DATABASE_URL"));
      return new Persistence(JdbiStores.connect(config.database().get()), Optional.empty(),
          KeyEncryption.fromBase64(key));
    }
    EmbeddedDatabase database = EmbeddedDatabase.start(config.dataDirectory());
    try {
      String key = config.keyEncryptionKey()
          .orElseGet(() -> database.keyEncryptionKey(() -> KeyEncryption.generate().encodedKey()));
      DatabaseSettings settings =
          DatabaseSettings.fromUrl("jdbc:postgresql://localhost:" + database.port() + "/postgres?user=postgres");
      return new Persistence(JdbiStores.connect(settings), Optional.of(database), KeyEncryption.fromBase64(key));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  JdbiStores stores() {
    return stores;
  }

  KeyEncryption keyEncryption() {
    return keyEncryption;
  }

  /** Whether this is the embedded development database, which is always migrated on start. */
  boolean embedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    stores.close();
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
