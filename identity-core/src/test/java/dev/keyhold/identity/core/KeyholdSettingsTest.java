package dev.keyhold.identity.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyholdSettingsTest {

  @Test
  void password_reset_links_default_to_30_minutes_at_the_public_url() {
    KeyholdSettings settings = KeyholdSettings.defaults("https://id.example.com/");

    assertThat(settings.resetPasswordTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(settings.resetPasswordUrl()).isEqualTo("https://id.example.com/reset-password?token={token}");
  }

  @Test
  void withers_replace_only_their_own_part() {
    KeyholdSettings defaults = KeyholdSettings.defaults("https://id.example.com");

    KeyholdSettings changed = defaults.withResetPasswordTtl(Duration.ofMinutes(10))
        .withResetPasswordUrl("https://app.example.com/#/reset/{token}")
        .withProductName("Acme ID");

    assertThat(changed.resetPasswordTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(changed.resetPasswordUrl()).isEqualTo("https://app.example.com/#/reset/{token}");
    assertThat(changed.productName()).isEqualTo("Acme ID");
    assertThat(changed.withProductName(defaults.productName()).withResetPasswordTtl(defaults.resetPasswordTtl())
        .withResetPasswordUrl(defaults.resetPasswordUrl())).isEqualTo(defaults);
  }

  @Test
  void a_reset_link_needs_a_token_placeholder_and_a_positive_lifetime() {
    KeyholdSettings defaults = KeyholdSettings.defaults("https://id.example.com");

    assertThatThrownBy(() -> defaults.withResetPasswordUrl("https://id.example.com/reset"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetPasswordUrl");
    assertThatThrownBy(() -> defaults.withResetPasswordTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetPasswordTtl");
    assertThatThrownBy(() -> defaults.withResetPasswordTtl(null)).isInstanceOf(NullPointerException.class);
  }
}
