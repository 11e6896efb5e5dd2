package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PkceTest {

  @Test
  void the_s256_challenge_is_the_rfc_7636_appendix_b_example() {
    assertThat(Pkce.challengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void a_generated_secret_is_a_valid_verifier_with_a_43_character_challenge() {
    String verifier = new SecureRandomSecretGenerator().newSecret();

    assertThat(Pkce.challengeS256(verifier)).hasSize(43).matches("[A-Za-z0-9_-]+");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "too-short", "has a space in it and is long enough to pass the length check",
      "has+plus/slash=padding-characters-that-base64-would-write-here"})
  void a_verifier_outside_rfc_7636_is_refused(String verifier) {
    assertThatThrownBy(() -> Pkce.challengeS256(verifier)).isInstanceOf(IllegalArgumentException.class);
  }
}
