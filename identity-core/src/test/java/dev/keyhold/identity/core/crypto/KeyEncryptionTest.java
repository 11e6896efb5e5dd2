package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyEncryptionTest {

  private static final String PRIVATE_JWK = "{\"kty\":\"EC\",\"d\":\"c2VjcmV0LXNjYWxhcg\",\"kid\":\"k1\"}";

  /** 32 bytes whose base64 holds '+' and '/' (standard) or '-' and '_' (URL-safe). */
  private static final byte[] KEY_BYTES = new byte[32];

  static {
    for (int i = 0; i < KEY_BYTES.length; i++) {
      KEY_BYTES[i] = (byte) (0xf8 + i * 37);
    }
  }

  private final KeyEncryption encryption = KeyEncryption.generate();

  @Test
  void a_sealed_value_opens_to_the_plaintext_with_the_same_associated_data() {
    String sealed = encryption.seal(PRIVATE_JWK, "k1");

    assertThat(encryption.open(sealed, "k1")).isEqualTo(PRIVATE_JWK);
  }

  @Test
  void a_sealed_value_is_base64_of_version_iv_ciphertext_and_tag_and_hides_the_plaintext() {
    String sealed = encryption.seal(PRIVATE_JWK, "k1");
    byte[] bytes = Base64.getDecoder().decode(sealed);

    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes).hasSize(1 + 12 + PRIVATE_JWK.getBytes(StandardCharsets.UTF_8).length + 16);
    assertThat(sealed).doesNotContain("c2VjcmV0LXNjYWxhcg");
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("secret", "kty");
  }

  @Test
  void sealing_twice_uses_a_fresh_iv_each_time() {
    String first = encryption.seal(PRIVATE_JWK, "k1");
    String second = encryption.seal(PRIVATE_JWK, "k1");

    assertThat(first).isNotEqualTo(second);
    assertThat(Base64.getDecoder().decode(first)).isNotEqualTo(Base64.getDecoder().decode(second));
  }

  @Test
  void non_ascii_text_round_trips() {
    String text = "{\"note\":\"\u00fcber \u00e9t\u00e9 \u2603\"}";

    assertThat(encryption.open(encryption.seal(text, "k\u00e9"), "k\u00e9")).isEqualTo(text);
  }

  @Test
  void another_key_cannot_open_and_the_message_says_why_and_names_the_kid() {
    String sealed = encryption.seal(PRIVATE_JWK, "kid-7");

    assertThatThrownBy(() -> KeyEncryption.generate().open(sealed, "kid-7"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("signing key kid-7 cannot be opened: KEY_ENCRYPTION_KEY differs from the one it was sealed"
            + " with, or the row was altered")
        .hasNoCause();
  }

  @Test
  void a_value_sealed_for_other_associated_data_does_not_open() {
    String sealedForA = encryption.seal(PRIVATE_JWK, "kid-a");

    assertThatThrownBy(() -> encryption.open(sealedForA, "kid-b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing key kid-b cannot be opened");
  }

  @Test
  void every_altered_byte_is_detected() {
    byte[] sealed = Base64.getDecoder().decode(encryption.seal(PRIVATE_JWK, "k1"));
    for (int i = 0; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 0x01;
      String text = Base64.getEncoder().encodeToString(altered);

      assertThatThrownBy(() -> encryption.open(text, "k1")).as("byte %d", i)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("signing key k1 cannot be opened");
    }
  }

  @Test
  void a_truncated_value_does_not_open() {
    String sealed = encryption.seal(PRIVATE_JWK, "k1");
    byte[] bytes = Base64.getDecoder().decode(sealed);
    String withoutTag = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, bytes.length - 16));
    String tooShort = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, 20));

    assertThatThrownBy(() -> encryption.open(withoutTag, "k1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> encryption.open(tooShort, "k1")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing key k1 cannot be opened");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not base64 at all!", "AAAA"})
  void a_sealed_value_that_is_not_in_the_format_does_not_open(String sealed) {
    assertThatThrownBy(() -> encryption.open(sealed, "k1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing key k1 cannot be opened");
  }

  @Test
  void an_unknown_format_version_is_named() {
    byte[] bytes = Base64.getDecoder().decode(encryption.seal(PRIVATE_JWK, "k1"));
    bytes[0] = 2;

    assertThatThrownBy(() -> encryption.open(Base64.getEncoder().encodeToString(bytes), "k1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing key k1 cannot be opened")
        .hasMessageContaining("version 2");
  }

  @Test
  void a_key_read_from_its_encoded_form_opens_what_the_original_sealed() {
    String sealed = encryption.seal(PRIVATE_JWK, "k1");

    KeyEncryption restored = KeyEncryption.fromBase64(encryption.encodedKey());

    assertThat(restored.open(sealed, "k1")).isEqualTo(PRIVATE_JWK);
    assertThat(Base64.getDecoder().decode(encryption.encodedKey())).hasSize(32);
  }

  @Test
  void standard_and_url_safe_base64_with_or_without_padding_give_the_same_key() {
    String standard = Base64.getEncoder().encodeToString(KEY_BYTES);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(KEY_BYTES);
    assertThat(standard).containsAnyOf("+", "/").endsWith("=");
    assertThat(urlSafe).containsAnyOf("-", "_").doesNotEndWith("=");
    String sealed = KeyEncryption.fromBase64(standard).seal(PRIVATE_JWK, "k1");

    assertThat(KeyEncryption.fromBase64(urlSafe).open(sealed, "k1")).isEqualTo(PRIVATE_JWK);
    assertThat(KeyEncryption.fromBase64(standard.replace("=", "")).open(sealed, "k1")).isEqualTo(PRIVATE_JWK);
    assertThat(KeyEncryption.fromBase64("  " + standard + "\n").open(sealed, "k1")).isEqualTo(PRIVATE_JWK);
    assertThat(KeyEncryption.fromBase64(standard).encodedKey()).isEqualTo(standard);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16, 24, 31, 33, 64})
  void a_key_of_another_length_is_refused_without_quoting_it(int length) {
    String key = Base64.getEncoder().encodeToString(Arrays.copyOf(KEY_BYTES, length));

    Throwable thrown = catchThrowable(() -> KeyEncryption.fromBase64(key));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasNoCause();
    if (!key.isEmpty()) {
      assertThat(thrown).hasMessageContaining("32 bytes").hasMessageNotContaining(key);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"this is not base64 but a passphrase!!", "+8Zq/mix-ed_alphabets+of+base64/AAAAAAAAAAA=",
      "AAAA====AAAA"})
  void text_that_is_not_base64_is_refused_without_quoting_it(String key) {
    Throwable thrown = catchThrowable(() -> KeyEncryption.fromBase64(key));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KEY_ENCRYPTION_KEY")
        .hasMessageNotContaining(key)
        .hasNoCause();
  }

  @Test
  void neither_to_string_nor_errors_show_the_key() {
    String encoded = encryption.encodedKey();
    String sealed = encryption.seal(PRIVATE_JWK, "k1");
    Throwable wrongKey = catchThrowable(() -> KeyEncryption.generate().open(sealed, "k1"));

    assertThat(encryption.toString()).isEqualTo("KeyEncryption[AES-256-GCM]").doesNotContain(encoded);
    assertThat(wrongKey.getMessage()).doesNotContain(encoded, PRIVATE_JWK);
  }
}
