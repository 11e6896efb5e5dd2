package dev.keyhold.identity.core.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.identity.spi.RateLimiter.Limit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtectionSettingsTest {

  @Test
  void the_defaults_are_documented_ones() {
    ProtectionSettings settings = ProtectionSettings.defaults();

    assertThat(settings.failOpen()).isFalse();
    assertThat(settings.lockout()).isEqualTo(new LockoutSettings(5, Duration.ofSeconds(60), Duration.ofMinutes(15),
        Duration.ofHours(12)));
    assertThat(settings.rateLimits().limits()).isEqualTo(Map.of(
        "login-ip", new Limit("login-ip", 20, Duration.ofMinutes(1)),
        "login-account", new Limit("login-account", 10, Duration.ofMinutes(1)),
        "register-ip", new Limit("register-ip", 10, Duration.ofHours(1)),
        "register-account", new Limit("register-account", 3, Duration.ofHours(1)),
        "resend-ip", new Limit("resend-ip", 5, Duration.ofHours(1)),
        "resend-account", new Limit("resend-account", 3, Duration.ofHours(1)),
        "reset-ip", new Limit("reset-ip", 5, Duration.ofHours(1)),
        "reset-account", new Limit("reset-account", 3, Duration.ofHours(1)),
        "invite-user", new Limit("invite-user", 50, Duration.ofHours(1))));
  }

  @Test
  void withers_replace_one_part() {
    ProtectionSettings settings = ProtectionSettings.defaults()
        .withLimit("register-ip", 3, Duration.ofHours(1))
        .withLockout(LockoutSettings.defaults().withMaxFailures(10))
        .withFailOpen(true);

    assertThat(settings.rateLimits().get("register-ip")).isEqualTo(new Limit("register-ip", 3, Duration.ofHours(1)));
    assertThat(settings.rateLimits().get("login-ip")).isEqualTo(RateLimits.defaults().get("login-ip"));
    assertThat(settings.lockout().maxFailures()).isEqualTo(10);
    assertThat(settings.failOpen()).isTrue();
  }

  @Test
  void an_unknown_limit_name_is_refused_with_the_known_ones() {
    assertThatThrownBy(() -> ProtectionSettings.defaults().withLimit("regsiter-ip", 3, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("regsiter-ip").hasMessageContaining("register-ip");
    assertThatThrownBy(() -> new RateLimits(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lockout_settings_must_make_sense() {
    assertThatThrownBy(() -> LockoutSettings.defaults().withMaxFailures(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LockoutSettings.defaults().withMaxWait(Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
    assertThatThrownBy(() -> LockoutSettings.defaults().withReset(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
