package dev.keyhold.app;

import dev.keyhold.adapter.http.HttpApi;
import dev.keyhold.adapter.http.HttpApiSettings;
import dev.keyhold.adapter.memory.MemoryStores;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.core.crypto.Argon2idPasswordHasher;
import dev.keyhold.identity.core.crypto.SigningKeys;
import dev.keyhold.identity.core.mail.LoggingMailer;
import dev.keyhold.identity.spi.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running server: the core wired to its stores and the HTTP API. Holds no business rules. */
public final class KeyholdServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeyholdServer.class);

  private final Keyhold keyhold;
  private final HttpApi http;

  private KeyholdServer(Keyhold keyhold, HttpApi http) {
    this.keyhold = keyhold;
    this.http = http;
  }

  /** Wires and starts a server for {@code config}, writing mail to the log. */
  public static KeyholdServer start(Config config) {
    LOG.info("Mail: written to this log (development mailer)");
    return start(config, new LoggingMailer());
  }

  /** Wires and starts a server for {@code config} that sends mail through {@code mailer}. */
  public static KeyholdServer start(Config config, Mailer mailer) {
    LOG.info("Stores: in memory (data is lost on restart; sessions are per node)");
    Keyhold keyhold = Keyhold.builder()
        .stores(MemoryStores.create())
        .mailer(mailer)
        .settings(settings(config))
        .passwordHasher(Argon2idPasswordHasher.withParameters(config.argon2()))
        .signingKeys(SigningKeys.generate(config.jwtAlgorithm()))
        .build();
    HttpApi http = HttpApi.create(new HttpApiSettings(config.host(), config.port(), HttpApiSettings.defaults(0).maxBodyBytes()),
        keyhold.accounts(), keyhold.sessions(), keyhold::isReady).start();
    LOG.info("Keyhold listening on {}:{} (public URL {})", config.host(), http.port(), config.publicUrl());
    return new KeyholdServer(keyhold, http);
  }

  static KeyholdSettings settings(Config config) {
    return KeyholdSettings.defaults(config.publicUrl())
        .withAudience(config.audience())
        .withAccessTokenTtl(config.accessTokenTtl())
        .withRefreshTokenTtl(config.refreshTokenTtl())
        .withVerifyEmailTtl(config.verifyEmailTtl())
        .withRequireVerifiedEmail(config.requireVerifiedEmail())
        .withProductName(config.productName());
  }

  public int port() {
    return http.port();
  }

  public Keyhold keyhold() {
    return keyhold;
  }

  @Override
  public void close() {
    http.stop();
  }
}
