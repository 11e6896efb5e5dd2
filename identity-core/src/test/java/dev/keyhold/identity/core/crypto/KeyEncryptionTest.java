package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
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
  void a_sealed_value_is_base64_of_version_key_id_iv_ciphertext_and_tag_and_hides_the_plaintext() {
    String sealed = encryption.seal(PRIVATE_JWK, "k1");
    byte[] bytes = Base64.getDecoder().decode(sealed);

    assertThat(bytes[0]).isEqualTo((byte) 2);
    assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(bytes, 1, 9))).isEqualTo(encryption.keyId());
    assertThat(bytes).hasSize(1 + 8 + 12 + PRIVATE_JWK.getBytes(StandardCharsets.UTF_8).length + 16);
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
  void another_key_cannot_open_and_the_message_says_why_and_names_the_kid_and_the_key_ids() {
    String sealed = encryption.seal(PRIVATE_JWK, "kid-7");
    KeyEncryption other = KeyEncryption.generate();

    assertThatThrownBy(() -> other.open(sealed, "kid-7"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("signing key kid-7 cannot be opened: KEY_ENCRYPTION_KEY differs from the one it was sealed"
            + " with, or the row was altered (it was sealed with key-encryption key " + encryption.keyId()
            + "; KEY_ENCRYPTION_KEY is key " + other.keyId() + ", KEY_ENCRYPTION_KEY_PREVIOUS is not set)")
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
    bytes[0] = 3;

    assertThatThrownBy(() -> encryption.open(Base64.getEncoder().encodeToString(bytes), "k1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signing key k1 cannot be opened")
        .hasMessageContaining("version 3");
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
        .hasMessageContaining("not valid base64")
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

  // ---------------------------------------------------------------- rotation: the previous key and old values

  @Test
  void a_key_with_its_previous_key_opens_what_either_sealed_and_seals_with_the_current_one_only() {
    KeyEncryption oldKey = KeyEncryption.generate();
    String sealedByOld = oldKey.seal(PRIVATE_JWK, "k1");
    KeyEncryption rotating = encryption.withPrevious(oldKey);

    assertThat(rotating.open(sealedByOld, "k1")).isEqualTo(PRIVATE_JWK);
    assertThat(rotating.open(encryption.seal(PRIVATE_JWK, "k1"), "k1")).isEqualTo(PRIVATE_JWK);
    String sealedNow = rotating.seal(PRIVATE_JWK, "k1");
    assertThat(encryption.open(sealedNow, "k1")).as("sealed with the current key").isEqualTo(PRIVATE_JWK);
    assertThatThrownBy(() -> oldKey.open(sealedNow, "k1")).isInstanceOf(IllegalStateException.class);
    assertThat(rotating.keyId()).isEqualTo(encryption.keyId());
    assertThat(rotating.previousKeyId()).contains(oldKey.keyId());
    assertThat(encryption.previousKeyId()).isEmpty();
  }

  @Test
  void a_value_sealed_with_a_third_key_names_its_key_and_both_configured_ones() {
    KeyEncryption third = KeyEncryption.generate();
    KeyEncryption oldKey = KeyEncryption.generate();
    String sealed = third.seal(PRIVATE_JWK, "k1");

    assertThatThrownBy(() -> encryption.withPrevious(oldKey).open(sealed, "k1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KEY_ENCRYPTION_KEY differs from the one it was sealed with")
        .hasMessageContaining("sealed with key-encryption key " + third.keyId())
        .hasMessageContaining("KEY_ENCRYPTION_KEY is key " + encryption.keyId())
        .hasMessageContaining("KEY_ENCRYPTION_KEY_PREVIOUS is key " + oldKey.keyId());
  }

  @Test
  void the_key_id_is_stable_for_a_key_differs_between_keys_and_does_not_reveal_the_key() {
    String encoded = encryption.encodedKey();

    assertThat(KeyEncryption.fromBase64(encoded).keyId()).isEqualTo(encryption.keyId()).matches("[0-9a-f]{16}");
    assertThat(KeyEncryption.generate().keyId()).isNotEqualTo(encryption.keyId());
    assertThat(HexFormat.of().parseHex(encryption.keyId()))
        .isNotEqualTo(Arrays.copyOf(Base64.getDecoder().decode(encoded), 8));
  }

  @Test
  void the_previous_key_may_not_be_the_current_one() {
    assertThatThrownBy(() -> encryption.withPrevious(KeyEncryption.fromBase64(encryption.encodedKey())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(encryption.encodedKey());
  }

  @Test
  void a_value_in_the_format_before_key_ids_opens_with_the_current_or_the_previous_key() throws Exception {
    KeyEncryption oldKey = KeyEncryption.generate();
    String legacyByOld = legacySeal(oldKey, PRIVATE_JWK, "k1");
    String legacyByCurrent = legacySeal(encryption, PRIVATE_JWK, "k1");

    assertThat(encryption.open(legacyByCurrent, "k1")).isEqualTo(PRIVATE_JWK);
    assertThat(encryption.withPrevious(oldKey).open(legacyByOld, "k1")).isEqualTo(PRIVATE_JWK);
    assertThat(encryption.withPrevious(oldKey).open(legacyByCurrent, "k1")).isEqualTo(PRIVATE_JWK);
    assertThatThrownBy(() -> encryption.open(legacyByOld, "k1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KEY_ENCRYPTION_KEY differs from the one it was sealed with");
    assertThatThrownBy(() -> encryption.open(legacySeal(encryption, PRIVATE_JWK, "k2"), "k1"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(encryption.sealedWithCurrentKey(legacyByCurrent)).as("an old format is resealed too").isFalse();
  }

  @Test
  void only_values_of_the_current_format_and_key_count_as_sealed_with_the_current_key() throws Exception {
    KeyEncryption oldKey = KeyEncryption.generate();
    KeyEncryption rotating = encryption.withPrevious(oldKey);

    assertThat(rotating.sealedWithCurrentKey(rotating.seal(PRIVATE_JWK, "k1"))).isTrue();
    assertThat(rotating.sealedWithCurrentKey(encryption.seal(PRIVATE_JWK, "k1"))).isTrue();
    assertThat(rotating.sealedWithCurrentKey(oldKey.seal(PRIVATE_JWK, "k1"))).isFalse();
    assertThat(rotating.sealedWithCurrentKey(legacySeal(encryption, PRIVATE_JWK, "k1"))).isFalse();
    assertThat(rotating.sealedWithCurrentKey("not base64!")).isFalse();
    assertThat(rotating.sealedWithCurrentKey("")).isFalse();
  }

  /** A value as Keyhold sealed it before key ids: {@code 1 || IV || ciphertext || tag}, the version byte as AAD. */
  private static String legacySeal(KeyEncryption key, String plaintext, String associatedData) throws Exception {
    byte[] iv = new byte[12];
    new java.security.SecureRandom().nextBytes(iv);
    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(javax.crypto.Cipher.ENCRYPT_MODE,
        new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(key.encodedKey()), "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, iv));
    cipher.updateAAD(new byte[] {1});
    cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    byte[] sealed = new byte[1 + iv.length + ciphertext.length];
    sealed[0] = 1;
    System.arraycopy(iv, 0, sealed, 1, iv.length);
    System.arraycopy(ciphertext, 0, sealed, 1 + iv.length, ciphertext.length);
    return Base64.getEncoder().encodeToString(sealed);
  }
}
