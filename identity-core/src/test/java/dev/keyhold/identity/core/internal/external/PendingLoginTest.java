package dev.keyhold.identity.core.internal.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PendingLoginTest {

  private static final String NONCE = "n0nce-n0nce-n0nce-n0nce-n0nce-n0nce-n0nce-x";
  private static final String VERIFIER = "v3rifier_v3rifier_v3rifier_v3rifier_v3rif-x";

  @Test
  void round_trips_through_its_stored_form() {
    PendingLogin login = new PendingLogin("acme", Instant.parse("2026-03-01T09:10:00Z"), NONCE, VERIFIER,
        URI.create("com.example.app:/oauth/acme?x=1"));

    assertThat(PendingLogin.decode(login.encode())).contains(login);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "acme", "acme 1 n v", "acme x n v https://a.example", "acme 1 n v https://a.example x",
      "ac me 1 n v https://a.example", "acme 1 n v ::not a uri"})
  void anything_else_decodes_to_nothing(String value) {
    assertThat(PendingLogin.decode(value)).isEmpty();
  }

  @Test
  void its_text_hides_the_nonce_and_the_verifier() {
    PendingLogin login = new PendingLogin("acme", Instant.EPOCH, NONCE, VERIFIER, URI.create("https://a.example/cb"));

    assertThat(login.toString()).doesNotContain(NONCE).doesNotContain(VERIFIER).contains("acme");
  }

  @Test
  void a_part_with_a_space_cannot_be_stored() {
    assertThatThrownBy(() -> new PendingLogin("ac me", Instant.EPOCH, NONCE, VERIFIER, URI.create("https://a.example")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
