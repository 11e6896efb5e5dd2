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
  void the_builder_starts_from_the_defaults_and_replaces_only_what_is_set() {
    KeyholdSettings defaults = KeyholdSettings.defaults("https://id.example.com");

    KeyholdSettings changed = KeyholdSettings.builder("https://id.example.com/")
        .resetPasswordTtl(Duration.ofMinutes(10))
        .resetPasswordUrl("https://app.example.com/#/reset/{token}")
        .productName("Acme ID")
        .build();

    assertThat(changed.resetPasswordTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(changed.resetPasswordUrl()).isEqualTo("https://app.example.com/#/reset/{token}");
    assertThat(changed.productName()).isEqualTo("Acme ID");
    assertThat(changed.issuer()).isEqualTo(defaults.issuer());
    assertThat(changed.verifyEmailUrl()).isEqualTo(defaults.verifyEmailUrl());
    assertThat(changed.toBuilder().productName(defaults.productName()).resetPasswordTtl(defaults.resetPasswordTtl())
        .resetPasswordUrl(defaults.resetPasswordUrl()).build()).isEqualTo(defaults);
  }

  @Test
  void every_part_can_be_set_and_to_builder_keeps_every_part() {
    KeyholdSettings all = KeyholdSettings.builder("https://id.example.com")
        .issuer("https://issuer.example.com")
        .audience("api")
        .accessTokenTtl(Duration.ofMinutes(5))
        .refreshTokenTtl(Duration.ofDays(7))
        .verifyEmailTtl(Duration.ofHours(2))
        .requireVerifiedEmail(false)
        .verifyEmailUrl("https://app.example.com/verify/{token}")
        .productName("Acme ID")
        .invitationUrl("https://app.example.com/join/{token}")
        .resetPasswordTtl(Duration.ofHours(1))
        .resetPasswordUrl("https://app.example.com/reset/{token}")
        .changeEmailUrl("https://app.example.com/email/{token}")
        .refreshRetryGrace(Duration.ofSeconds(10))
        .build();

    assertThat(all).isEqualTo(new KeyholdSettings("https://issuer.example.com", "api", Duration.ofMinutes(5),
        Duration.ofDays(7), Duration.ofHours(2), false, "https://app.example.com/verify/{token}", "Acme ID",
        "https://app.example.com/join/{token}", Duration.ofHours(1), "https://app.example.com/reset/{token}",
        "https://app.example.com/email/{token}", Duration.ofSeconds(10)));
    assertThat(all.toBuilder().build()).isEqualTo(all);
  }

  @Test
  void the_refresh_retry_grace_may_be_zero_but_not_negative() {
    assertThat(KeyholdSettings.defaults("https://id.example.com").refreshRetryGrace()).isEqualTo(Duration.ofMinutes(1));
    assertThat(KeyholdSettings.builder("https://id.example.com").refreshRetryGrace(Duration.ZERO).build()
        .refreshRetryGrace()).isZero();
    assertThatThrownBy(() -> KeyholdSettings.builder("https://id.example.com")
        .refreshRetryGrace(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshRetryGrace");
  }

  @Test
  void a_reset_link_needs_a_token_placeholder_and_a_positive_lifetime() {
    KeyholdSettings.Builder builder = KeyholdSettings.builder("https://id.example.com");

    assertThatThrownBy(() -> builder.resetPasswordUrl("https://id.example.com/reset").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetPasswordUrl");
    assertThatThrownBy(() -> KeyholdSettings.builder("https://id.example.com").resetPasswordTtl(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resetPasswordTtl");
    assertThatThrownBy(() -> KeyholdSettings.builder("https://id.example.com").resetPasswordTtl(null).build())
        .isInstanceOf(NullPointerException.class);
  }
}
