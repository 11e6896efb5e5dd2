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
    assertThat(settings.rateLimits().limits()).isEqualTo(Map.ofEntries(
        limit("login-ip", 20, Duration.ofMinutes(1)),
        limit("login-account", 10, Duration.ofMinutes(1)),
        limit("register-ip", 10, Duration.ofHours(1)),
        limit("register-account", 3, Duration.ofHours(1)),
        limit("resend-ip", 5, Duration.ofHours(1)),
        limit("resend-account", 3, Duration.ofHours(1)),
        limit("reset-ip", 5, Duration.ofHours(1)),
        limit("reset-account", 3, Duration.ofHours(1)),
        limit("invite-user", 50, Duration.ofHours(1)),
        limit("mfa-ip", 20, Duration.ofMinutes(1)),
        limit("mfa-account", 10, Duration.ofMinutes(1))));
  }

  private static Map.Entry<String, Limit> limit(String name, int count, Duration period) {
    return Map.entry(name, new Limit(name, count, period));
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
