package dev.keyhold.identity.core.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ValidationException;
import dev.keyhold.identity.error.ValidationException.Violation;
import dev.keyhold.identity.model.user.Passwords;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  private final PasswordPolicy policy = PasswordPolicy.defaults();

  @ParameterizedTest
  @NullAndEmptySource
  void requires_a_password(String missing) {
    assertViolation(() -> policy.check(missing), "password_required");
  }

  @Test
  void rejects_a_password_shorter_than_8_characters() {
    Violation violation = assertViolation(() -> policy.check("kX7#qL2"), "password_too_short");

    assertThat(violation.message()).isEqualTo("Use at least 8 characters.");
  }

  @Test
  void accepts_a_random_looking_password_of_exactly_8_characters() {
    assertThatCode(() -> policy.check("kX7#qL2v")).doesNotThrowAnyException();
  }

  @Test
  void accepts_a_random_looking_password_of_exactly_256_characters() {
    String password = randomLooking(256);

    assertThat(password.codePointCount(0, password.length())).isEqualTo(256);
    assertThatCode(() -> policy.check(password)).doesNotThrowAnyException();
  }

  @Test
  void rejects_a_password_longer_than_256_characters() {
    Violation violation = assertViolation(() -> policy.check(randomLooking(257)), "password_too_long");

    assertThat(violation.message()).isEqualTo("Use at most 256 characters.");
  }

  @Test
  void counts_code_points_not_utf16_units() {
    String eightEmoji = "🍎🚀🐙🎸🌵🧊🦀🎲";
    String sevenEmoji = "🍎🚀🐙🎸🌵🧊🦀";

    assertThat(eightEmoji).hasSize(16);
    assertThatCode(() -> policy.check(eightEmoji)).doesNotThrowAnyException();
    assertViolation(() -> policy.check(sevenEmoji), "password_too_short");
    assertViolation(() -> policy.check("🦀".repeat(257)), "password_too_long");
    assertViolation(() -> policy.check("🦀".repeat(129)), "password_too_common"); // 258 chars but 129 code points
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "12345678", "qwertyuiop", "Password1", "P@ssw0rd", "iloveyou", "11111111",
      "abcdefgh", "1q2w3e4r", "monkey123", "Password1!", "trustno1"})
  void rejects_common_passwords(String common) {
    Violation violation = assertViolation(() -> policy.check(common), "password_too_common");

    assertThat(violation.field()).isEqualTo("password");
    assertThat(violation.message()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"correct horse battery staple", "blue-whale-violin", "Tr0ub4dor&3",
      "my cat eats 7 tacos on tuesdays", "zebra ninja pancake"})
  void accepts_passphrases_and_uncommon_passwords(String strong) {
    assertThatCode(() -> policy.check(strong)).doesNotThrowAnyException();
  }

  @Test
  void accepts_a_long_passphrase() {
    assertThatCode(() -> policy.check(
        "the quick onyx goblin jumps over the lazy dwarf while humming a forgotten sea shanty at dawn"))
        .doesNotThrowAnyException();
  }

  @Test
  void rejects_a_long_password_with_a_guessable_start() {
    assertViolation(() -> policy.check("a".repeat(100)), "password_too_common");
    assertViolation(() -> policy.check("password".repeat(20)), "password_too_common");
  }

  @Test
  void rejects_a_password_containing_the_email_local_part() {
    assertViolation(() -> policy.check("annabelle.smith", "annabelle.smith@example.com"), "password_too_common");
    assertViolation(() -> policy.check("xX-Annabelle.Smith-Xx!", "annabelle.smith@example.com"),
        "password_too_common");
    assertViolation(() -> policy.check("xX-Annabelle.Smith-Xx!", "annabelle.smith"), "password_too_common");
  }

  @Test
  void rejects_a_password_built_from_the_users_own_words() {
    // not a common password on its own, but guessable by anyone who knows the user
    assertThatCode(() -> policy.check("zyxandria-quornwell")).doesNotThrowAnyException();
    assertViolation(() -> policy.check("zyxandria-quornwell", "zyxandria.quornwell@example.com"),
        "password_too_common");
  }

  @Test
  void ignores_short_and_null_user_inputs_for_the_containment_rule() {
    assertThatCode(() -> policy.check("enjoy the rainy harbour", "jo@example.com", null, ""))
        .doesNotThrowAnyException();
  }

  @Test
  void checks_length_before_guessability() {
    assertViolation(() -> policy.check("pass"), "password_too_short");
  }

  @Test
  @Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
  void estimates_crafted_long_input_in_bounded_time() {
    // l33t characters make zxcvbn try hundreds of substitution maps over every substring; 256 of them would take
    // minutes without the estimated prefix
    String crafted = "4@8({[<3169!|1+70$5%2".repeat(13).substring(0, 256);

    accepts(crafted); // the outcome does not matter here, only the time
  }

  @Test
  void is_safe_to_share_between_threads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String password = i % 2 == 0 ? "password" + i : "correct horse battery staple " + i;
        results.add(pool.submit(() -> accepts(password)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(i % 2 != 0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exposes_its_limits() {
    assertThat(policy.minLength()).isEqualTo(Passwords.MIN_LENGTH).isEqualTo(8);
    assertThat(policy.maxLength()).isEqualTo(Passwords.MAX_LENGTH).isEqualTo(256);
  }

  @Test
  void a_configured_policy_enforces_its_own_length_bounds_and_says_them() {
    PasswordPolicy strict = PasswordPolicy.builder().minLength(12).maxLength(64).build();

    assertThat(assertViolation(() -> strict.check("kX7#qL2vR9w"), "password_too_short").message())
        .isEqualTo("Use at least 12 characters.");
    assertThatCode(() -> strict.check("kX7#qL2vR9wZ")).doesNotThrowAnyException();
    assertThat(assertViolation(() -> strict.check(randomLooking(65)), "password_too_long").message())
        .isEqualTo("Use at most 64 characters.");
    assertThatCode(() -> strict.check(randomLooking(64))).doesNotThrowAnyException();
    assertThat(strict.minLength()).isEqualTo(12);
    assertThat(strict.maxLength()).isEqualTo(64);
  }

  @Test
  void length_bounds_stay_within_the_hard_limits() {
    assertThatThrownBy(() -> PasswordPolicy.builder().minLength(7))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minLength must be 8 to 256, was 7");
    assertThatThrownBy(() -> PasswordPolicy.builder().maxLength(257))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxLength must be 8 to 256, was 257");
    assertThatThrownBy(() -> PasswordPolicy.builder().minLength(20).maxLength(16).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("minLength 20 is above maxLength 16");
    assertThat(PasswordPolicy.builder().minLength(256).build().maxLength()).isEqualTo(256);
  }

  @Test
  void a_blocked_word_refuses_every_password_containing_it_in_any_case() {
    String strong = "correct horse battery staple";
    PasswordPolicy blocking = PasswordPolicy.builder().blockedWords(List.of("  Battery ", "acmecorp")).build();

    assertThatCode(() -> policy.check(strong)).doesNotThrowAnyException();
    assertThat(assertViolation(() -> blocking.check(strong), "password_too_common").message())
        .contains("not allowed here");
    assertViolation(() -> blocking.check("ACMECORP rides a purple tandem"), "password_too_common");
    assertThatCode(() -> blocking.check("purple tandem rides at dawn")).doesNotThrowAnyException();
    assertThat(blocking.blockedWords()).containsExactly("battery", "acmecorp");
  }

  @Test
  void a_blocked_word_is_long_enough_not_to_refuse_good_passwords_by_accident() {
    assertThatThrownBy(() -> PasswordPolicy.builder().blockedWords(List.of("abc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4 characters");
    assertThatThrownBy(() -> PasswordPolicy.builder().blockedWords(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> PasswordPolicy.builder().contextWords(java.util.Arrays.asList("ok", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  @Test
  void context_words_make_passwords_built_on_them_guessable_without_refusing_every_use() {
    PasswordPolicy contextual = PasswordPolicy.builder().contextWords(List.of("Zorbulax")).build();

    assertThatCode(() -> policy.check("Zorbulax2024")).as("unknown to zxcvbn alone").doesNotThrowAnyException();
    assertViolation(() -> contextual.check("Zorbulax2024"), "password_too_common");
    assertThatCode(() -> contextual.check("zorbulax plays the violin on tuesdays")).doesNotThrowAnyException();
    assertThat(contextual.contextWords()).containsExactly("zorbulax");
  }

  @Test
  void the_defaults_block_no_words_and_add_no_context() {
    assertThat(policy.blockedWords()).isEmpty();
    assertThat(policy.contextWords()).isEmpty();
    assertThat(PasswordPolicy.builder().build().toString()).isEqualTo(policy.toString());
  }

  private boolean accepts(String password) {
    try {
      policy.check(password);
      return true;
    } catch (ValidationException e) {
      return false;
    }
  }

  /** A deterministic string that looks random to zxcvbn: no words, sequences, repeats or keyboard runs. */
  private static String randomLooking(int length) {
    String alphabet = "aZ3$kQ8!mW2#vR7%tY5&pL9*bN4@xJ6^";
    StringBuilder builder = new StringBuilder(length);
    long state = 0x5DEECE66DL;
    for (int i = 0; i < length; i++) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      builder.append(alphabet.charAt((int) ((state >>> 33) % alphabet.length())));
    }
    return builder.toString();
  }

  private static Violation assertViolation(Runnable check, String code) {
    List<Violation> violations = new ArrayList<>();
    assertThatThrownBy(check::run).isInstanceOfSatisfying(ValidationException.class, e -> {
      assertThat(e.code()).isEqualTo("validation_failed");
      violations.addAll(e.violations());
    });
    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("password");
      assertThat(v.code()).isEqualTo(code);
    });
    return violations.get(0);
  }
}
