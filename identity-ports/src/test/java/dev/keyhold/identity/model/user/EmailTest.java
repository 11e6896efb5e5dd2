package dev.keyhold.identity.model.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.error.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTest {

  @Test
  void case_and_compatibility_forms_fold_into_one_address_and_the_typed_form_is_kept_for_display() {
    Email email = Email.parse(" \uff27race@Example.COM ");

    assertThat(email.normalized()).isEqualTo("grace@example.com");
    assertThat(email.display()).isEqualTo("\uff27race@Example.COM");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "gra\u200Bce@example.com", // zero-width space
      "gra\u00ADce@example.com", // soft hyphen
      "grace@exam\u202Eple.com", // right-to-left override
      "grace\u2060@example.com", // word joiner
      "\uFEFFgrace@example.com", // byte order mark
      "grace@example.com\u200D", // zero-width joiner
      "gra\uD800ce@example.com", // lone surrogate
  })
  void an_address_with_an_invisible_or_non_character_is_invalid(String raw) {
    assertInvalid(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "gr\u0430ce@example.com", // Cyrillic a among Latin in the local part
      "grace@ex\u0430mple.com", // ... in the domain
      "\u03b1lice@example.com", // Greek alpha among Latin
  })
  void a_local_part_or_domain_that_mixes_scripts_is_invalid(String raw) {
    assertInvalid(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\u0438\u0432\u0430\u043d@example.com", // all Cyrillic local part, Latin domain
      "\u0438\u0432\u0430\u043d@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444", // all Cyrillic
      "\u5c71\u7530\u3072\u308d\u30b7@example.jp", // Han, Hiragana and Katakana together: Japanese
      "jos\u00e9.o'neil+tag_1@b\u00fccher-2.example", // Latin with digits and punctuation
      "\u7528\u6237abc@example.cn", // Han with Latin
  })
  void single_script_addresses_and_the_usual_mixtures_are_valid(String raw) {
    assertThat(Email.parse(raw).display()).isEqualTo(raw);
  }

  @Test
  void an_address_stored_before_these_checks_still_loads() {
    Email stored = new Email("gra\u200Bce@example.com", "gra\u200Bce@example.com");

    assertThat(stored.normalized()).isEqualTo("gra\u200Bce@example.com");
  }

  private static void assertInvalid(String raw) {
    assertThatThrownBy(() -> Email.parse(raw))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.violations()).singleElement().satisfies(v -> {
              assertThat(v.field()).isEqualTo("email");
              assertThat(v.code()).isEqualTo("invalid_email");
            }));
  }
}
