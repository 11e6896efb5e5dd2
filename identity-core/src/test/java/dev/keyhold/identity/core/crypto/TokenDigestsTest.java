package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenDigestsTest {

  @Test
  void hashes_with_sha256_as_lower_case_hex() {
    // FIPS 180-2 test vectors
    assertThat(TokenDigests.sha256("abc").hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(TokenDigests.sha256("").hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void hashes_the_utf8_bytes() {
    // sha256 of the two UTF-8 bytes C3 A9
    assertThat(TokenDigests.sha256("é").hex())
        .isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  }

  @Test
  void compares_strings_for_equality() {
    assertThat(TokenDigests.constantTimeEquals("s3cret", "s3cret")).isTrue();
    assertThat(TokenDigests.constantTimeEquals("s3cret", "s3creT")).isFalse();
    assertThat(TokenDigests.constantTimeEquals("s3cret", "s3cret!")).isFalse();
    assertThat(TokenDigests.constantTimeEquals("", "")).isTrue();
  }

  @Test
  void null_equals_nothing() {
    assertThat(TokenDigests.constantTimeEquals(null, null)).isFalse();
    assertThat(TokenDigests.constantTimeEquals(null, "a")).isFalse();
    assertThat(TokenDigests.constantTimeEquals("a", null)).isFalse();
  }
}
