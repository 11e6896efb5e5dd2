package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import dev.keyhold.identity.model.user.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2idPasswordHasherTest {

  private static final Argon2Parameters FAST = new Argon2Parameters(1024, 1, 1);

  private final Argon2idPasswordHasher hasher = Argon2idPasswordHasher.withParameters(FAST);

  @Test
  void verifies_the_password_it_hashed() {
    PasswordHash hash = hasher.hash("correct horse battery staple");

    assertThat(hasher.verify(hash, "correct horse battery staple")).isTrue();
  }

  @Test
  void rejects_a_wrong_password() {
    PasswordHash hash = hasher.hash("correct horse battery staple");

    assertThat(hasher.verify(hash, "correct horse battery stapl")).isFalse();
    assertThat(hasher.verify(hash, "Correct horse battery staple")).isFalse();
    assertThat(hasher.verify(hash, "")).isFalse();
  }

  @Test
  void writes_a_phc_string_with_its_parameters() {
    PasswordHash hash = hasher.hash("correct horse battery staple");

    assertThat(hash.encoded()).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
  }

  @Test
  void its_unmatchable_hash_has_the_shape_of_a_real_one_and_matches_no_password() {
    String shape = "\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}";
    PasswordHash unmatchable = hasher.unmatchable();

    assertThat(unmatchable.encoded()).matches(shape);
    assertThat(hasher.hash("correct horse battery staple").encoded()).matches(shape);
    assertThat(hasher.verify(unmatchable, "correct horse battery staple")).isFalse();
    assertThat(hasher.needsRehash(unmatchable)).isFalse();
  }

  @Test
  void verifying_its_unmatchable_hash_runs_argon2id_with_its_salt_and_the_current_parameters() {
    String[] parts = hasher.unmatchable().encoded().split("\\$"); // "", variant, version, cost, salt, hash
    byte[] salt = Base64.getDecoder().decode(parts[4]);
    byte[] real = Argon2Factory.createAdvanced(Argon2Types.ARGON2id).rawHash(FAST.iterations(), FAST.memoryKiB(),
        FAST.parallelism(), "correct horse battery staple".toCharArray(), StandardCharsets.UTF_8, salt);
    // the same string with the password's real hash where the random bytes were: the library reads its parameters
    // and salt as meant, so verifying the unmatchable hash does the work of verifying any stored one
    PasswordHash withRealHash = new PasswordHash(String.join("$", parts[0], parts[1], parts[2], parts[3], parts[4],
        Base64.getEncoder().withoutPadding().encodeToString(real)));

    assertThat(hasher.verify(withRealHash, "correct horse battery staple")).isTrue();
  }

  @Test
  void salts_every_hash() {
    assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
  }

  @Test
  void hashes_unicode_passwords_as_utf8() {
    String password = "пароль-密码-🔑-ça-va";
    PasswordHash hash = hasher.hash(password);

    assertThat(hasher.verify(hash, password)).isTrue();
    assertThat(hasher.verify(hash, "пароль-密码-🔐-ça-va")).isFalse();
    // the same bytes through argon2-jvm directly prove the encoding is UTF-8
    byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
    assertThat(Argon2Factory.create(Argon2Types.ARGON2id).verify(hash.encoded(), utf8)).isTrue();
  }

  @Test
  void never_truncates_a_long_password() {
    String password = "a1B2c3D4".repeat(32); // 256 characters
    String lastCharDiffers = password.substring(0, 255) + "X";
    PasswordHash hash = hasher.hash(password);

    assertThat(hasher.verify(hash, password)).isTrue();
    assertThat(hasher.verify(hash, lastCharDiffers)).isFalse();
    assertThat(hasher.verify(hash, password.substring(0, 72))).isFalse();
  }

  @Test
  void the_owasp_default_hashes_with_m19456_t2_p1() {
    Argon2idPasswordHasher owasp = Argon2idPasswordHasher.owaspDefault();
    PasswordHash hash = owasp.hash("correct horse battery staple");

    assertThat(hash.encoded()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(owasp.verify(hash, "correct horse battery staple")).isTrue();
    assertThat(owasp.needsRehash(hash)).isFalse();
    assertThat(owasp.parameters()).isEqualTo(Argon2Parameters.owaspDefault());
  }

  @Test
  void does_not_ask_for_a_rehash_when_the_parameters_are_the_same() {
    PasswordHash hash = hasher.hash("correct horse battery staple");

    assertThat(hasher.needsRehash(hash)).isFalse();
    assertThat(Argon2idPasswordHasher.withParameters(new Argon2Parameters(1024, 1, 1)).needsRehash(hash)).isFalse();
  }

  @Test
  void asks_for_a_rehash_when_any_parameter_changes() {
    PasswordHash hash = hasher.hash("correct horse battery staple");

    assertThat(Argon2idPasswordHasher.withParameters(new Argon2Parameters(2048, 1, 1)).needsRehash(hash)).isTrue();
    assertThat(Argon2idPasswordHasher.withParameters(new Argon2Parameters(1024, 2, 1)).needsRehash(hash)).isTrue();
    assertThat(Argon2idPasswordHasher.withParameters(new Argon2Parameters(1024, 1, 2)).needsRehash(hash)).isTrue();
    assertThat(Argon2idPasswordHasher.owaspDefault().needsRehash(hash)).isTrue();
  }

  @Test
  void a_hash_made_with_old_parameters_still_verifies() {
    PasswordHash old = hasher.hash("correct horse battery staple");
    Argon2idPasswordHasher stronger = Argon2idPasswordHasher.withParameters(new Argon2Parameters(2048, 2, 1));

    assertThat(stronger.verify(old, "correct horse battery staple")).isTrue();
    assertThat(stronger.needsRehash(old)).isTrue();
  }

  @Test
  void asks_for_a_rehash_of_another_argon2_variant_and_does_not_verify_it() {
    String argon2i = Argon2Factory.create(Argon2Types.ARGON2i).hash(1, 1024, 1, "secret".toCharArray());
    PasswordHash hash = new PasswordHash(argon2i);

    assertThat(argon2i).startsWith("$argon2i$");
    assertThat(hasher.verify(hash, "secret")).isFalse();
    assertThat(hasher.needsRehash(hash)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not a hash",
      "$argon2id$v=19$m=1024,t=1,p=1$garbage",
      "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$",
      "$argon2id$v=19$m=abc,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
      "$argon2d$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g$extra"
  })
  void a_malformed_or_foreign_hash_never_verifies_and_needs_a_rehash(String encoded) {
    PasswordHash hash = new PasswordHash(encoded);

    assertThat(hasher.verify(hash, "password")).isFalse();
    assertThat(hasher.needsRehash(hash)).isTrue();
  }

  @Test
  void a_well_formed_hash_of_another_password_does_not_verify() {
    PasswordHash forged =
        new PasswordHash("$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g");

    assertThat(hasher.verify(forged, "password")).isFalse();
  }

  @Test
  void asks_for_a_rehash_of_an_older_argon2_version() {
    PasswordHash hash = hasher.hash("correct horse battery staple");
    PasswordHash version16 = new PasswordHash(hash.encoded().replace("$v=19$", "$v=16$"));

    assertThat(hasher.needsRehash(version16)).isTrue();
  }

  @Test
  void does_not_print_its_hash() {
    assertThat(hasher.hash("secret").toString()).doesNotContain("argon2");
  }

  @Test
  void validates_parameters() {
    assertThat(Argon2Parameters.owaspDefault()).isEqualTo(new Argon2Parameters(19_456, 2, 1));
    assertThatThrownBy(() -> new Argon2Parameters(1024, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2Parameters(1024, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2Parameters(1024, 1, 256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2Parameters(15, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2Parameters(19_922_944, 2, 1)) // bytes instead of KiB
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KiB");
  }
}
