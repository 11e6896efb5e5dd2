package dev.keyhold.identity.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

  /** RFC 6238 Appendix B's SHA-1 seed, the ASCII of "12345678901234567890", in base32. */
  private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  /** Appendix B's SHA-1 rows; a six-digit code is the last six digits of the eight-digit one there. */
  @ParameterizedTest
  @CsvSource({
      "59, 94287082",
      "1111111109, 07081804",
      "1111111111, 14050471",
      "1234567890, 89005924",
      "2000000000, 69279037",
      "20000000000, 65353130"})
  void codes_are_rfc_6238s(long unixTime, String eightDigits) {
    assertThat(Totp.codeAt(RFC_SECRET, Instant.ofEpochSecond(unixTime))).isEqualTo(eightDigits.substring(2));
  }

  @Test
  void the_base32_secret_is_the_rfc_seed() {
    assertThat(Totp.base32("12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo(RFC_SECRET);
  }

  @Test
  void one_step_of_drift_either_way_is_accepted_and_two_are_not() {
    Instant now = Instant.ofEpochSecond(1_111_111_111L);
    long step = Totp.step(now);

    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step), now)).hasValue(step);
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now)).hasValue(step - 1);
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now)).hasValue(step + 1);
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now)).isEmpty();
  }

  @Test
  void anything_but_six_digits_matches_nothing() {
    Instant now = Instant.ofEpochSecond(59);
    String code = Totp.codeAt(RFC_SECRET, now);

    assertThat(Totp.matchingStep(RFC_SECRET, code, now)).isPresent();
    assertThat(Totp.matchingStep(RFC_SECRET, " " + code, now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, code.substring(1), now)).isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, "94287082", now)).as("eight digits").isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, "２８７０８２", now)).as("full-width digits").isEmpty();
    assertThat(Totp.matchingStep(RFC_SECRET, null, now)).isEmpty();
  }

  @Test
  void a_new_secret_is_160_bits_of_the_given_randomness_in_base32() {
    byte[] random = new byte[32];
    for (int i = 0; i < random.length; i++) {
      random[i] = (byte) (i * 7 + 1);
    }
    String secret = Totp.newSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(random));

    assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
    byte[] first20 = java.util.Arrays.copyOf(random, 20);
    assertThat(secret).isEqualTo(Totp.base32(first20));
    assertThat(Totp.newSecret(new SecureRandomSecretGenerator().newSecret()))
        .isNotEqualTo(Totp.newSecret(new SecureRandomSecretGenerator().newSecret()));
  }
}
