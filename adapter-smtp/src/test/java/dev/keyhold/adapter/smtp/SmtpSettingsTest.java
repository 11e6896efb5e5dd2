package dev.keyhold.adapter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyhold.adapter.smtp.SmtpSettings.Security;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpSettingsTest {

  private static final String FROM = "Keyhold <no-reply@keyhold.test>";

  @Test
  void of_uses_no_authentication_and_ten_second_timeouts() {
    SmtpSettings settings = SmtpSettings.of("smtp.keyhold.test", 587, Security.STARTTLS, FROM);

    assertThat(settings.username()).isNull();
    assertThat(settings.password()).isNull();
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void with_methods_change_only_their_components() {
    SmtpSettings settings = SmtpSettings.of("smtp.keyhold.test", 465, Security.TLS, FROM)
        .withCredentials("mailer", "s3cret")
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));

    assertThat(settings).isEqualTo(new SmtpSettings("smtp.keyhold.test", 465, Security.TLS, "mailer", "s3cret", FROM,
        Duration.ofSeconds(1), Duration.ofSeconds(3)));
  }

  @Test
  void to_string_masks_the_password() {
    SmtpSettings settings = SmtpSettings.of("smtp.keyhold.test", 587, Security.STARTTLS, FROM)
        .withCredentials("mailer", "Sup3r-S3cret-Value");

    assertThat(settings.toString()).doesNotContain("Sup3r-S3cret-Value").contains("password=****", "username=mailer");
    assertThat(SmtpSettings.of("smtp.keyhold.test", 25, Security.NONE, FROM).toString()).contains("password=null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void a_blank_host_is_refused(String host) {
    assertThatThrownBy(() -> SmtpSettings.of(host, 25, Security.NONE, FROM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65_536})
  void a_port_outside_1_to_65535_is_refused(int port) {
    assertThatThrownBy(() -> SmtpSettings.of("smtp.keyhold.test", port, Security.NONE, FROM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "no-reply", "no-reply@keyhold.test\r\nBcc: mallory@evil.test",
      "a@keyhold.test, b@keyhold.test", "<no-reply@keyhold.test", "Team: a@keyhold.test;"})
  void a_sender_that_is_not_one_valid_address_is_refused(String from) {
    assertThatThrownBy(() -> SmtpSettings.of("smtp.keyhold.test", 25, Security.NONE, from))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_plain_sender_address_is_accepted() {
    assertThat(SmtpSettings.of("smtp.keyhold.test", 25, Security.NONE, "no-reply@keyhold.test").from())
        .isEqualTo("no-reply@keyhold.test");
  }

  @Test
  void username_and_password_come_together_or_not_at_all() {
    SmtpSettings base = SmtpSettings.of("smtp.keyhold.test", 587, Security.STARTTLS, FROM);

    assertThatThrownBy(() -> base.withCredentials("mailer", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withCredentials(null, "s3cret")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withCredentials("", "")).isInstanceOf(IllegalArgumentException.class);
    assertThat(base.withCredentials(null, null)).isEqualTo(base);
  }

  @Test
  void timeouts_must_be_between_one_millisecond_and_int_max_milliseconds() {
    SmtpSettings base = SmtpSettings.of("smtp.keyhold.test", 587, Security.STARTTLS, FROM);

    assertThatThrownBy(() -> base.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withTimeouts(Duration.ofDays(30), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatNullPointerException().isThrownBy(() -> base.withTimeouts(null, Duration.ofSeconds(1)));
  }

  @Test
  void security_and_sender_are_required() {
    assertThatNullPointerException().isThrownBy(() -> SmtpSettings.of("smtp.keyhold.test", 25, null, FROM));
    assertThatNullPointerException().isThrownBy(() -> SmtpSettings.of("smtp.keyhold.test", 25, Security.NONE, null));
  }
}
