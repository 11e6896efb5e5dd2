package dev.keyhold.identity.core.crypto;

import dev.keyhold.identity.spi.SecretGenerator;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The default {@link SecretGenerator}: one {@link SecureRandom} (the platform's default strong source, seeded by the
 * operating system) shared by all threads. Secrets are 32 random bytes in URL-safe base64 without padding; ids are
 * random (version 4) UUIDs drawn from the same source.
 */
public final class SecureRandomSecretGenerator implements SecretGenerator {

  static final int SECRET_BYTES = 32;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();

  @Override
  public String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  @Override
  public UUID newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  @Override
  public String toString() {
    return "SecureRandomSecretGenerator";
  }
}
