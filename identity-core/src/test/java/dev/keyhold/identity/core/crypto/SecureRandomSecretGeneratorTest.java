package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecureRandomSecretGeneratorTest {

  private final SecureRandomSecretGenerator generator = new SecureRandomSecretGenerator();

  @Test
  void a_secret_is_256_bits_in_43_url_safe_characters() {
    String secret = generator.newSecret();

    assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
  }

  @Test
  void secrets_are_distinct() {
    Set<String> secrets = new HashSet<>();
    IntStream.range(0, 10_000).forEach(i -> secrets.add(generator.newSecret()));

    assertThat(secrets).hasSize(10_000);
  }

  @Test
  void ids_are_distinct_random_version_4_uuids() {
    Set<UUID> ids = new HashSet<>();
    IntStream.range(0, 10_000).forEach(i -> ids.add(generator.newId()));

    assertThat(ids).hasSize(10_000);
    assertThat(ids).allSatisfy(id -> {
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
    });
  }
}
