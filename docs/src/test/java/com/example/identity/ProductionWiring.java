package com.example.identity;

import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.jdbi.JdbiStores;
import dev.keyhold.adapter.redis.RedisProtectionStores;
import dev.keyhold.adapter.redis.RedisSettings;
import dev.keyhold.adapter.smtp.SmtpMailer;
import dev.keyhold.adapter.smtp.SmtpSettings;
import dev.keyhold.identity.core.Keyhold;
import dev.keyhold.identity.core.KeyholdSettings;
import dev.keyhold.identity.core.crypto.KeyEncryption;

/** The guide's production wiring: compiled by the build, not run (it needs PostgreSQL, Redis and an SMTP relay). */
final class ProductionWiring {

  private ProductionWiring() {}

  static Keyhold keyhold(String databaseUrl, String redisUrl, String keyEncryptionKey, String smtpPassword) {
    JdbiStores stores = JdbiStores.connect(DatabaseSettings.fromUrl(databaseUrl));
    stores.migrate();
    return Keyhold.builder()
        .stores(stores)
        .protection(RedisProtectionStores.connect(RedisSettings.fromUrl(redisUrl)))
        .settings(KeyholdSettings.defaults("https://id.example.com"))
        .keyEncryption(KeyEncryption.fromBase64(keyEncryptionKey))
        .mailer(SmtpMailer.create(
            SmtpSettings.of("smtp.example.com", 587, SmtpSettings.Security.STARTTLS, "Example <no-reply@example.com>")
                .withCredentials("keyhold", smtpPassword)))
        .build();
  }
}
