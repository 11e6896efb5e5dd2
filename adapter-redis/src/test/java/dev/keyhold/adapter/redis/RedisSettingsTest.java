package dev.keyhold.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisSettingsTest {

  @Test
  void a_bare_host_gets_the_default_port_database_timeout_and_pool() {
    RedisSettings settings = RedisSettings.fromUrl("redis://cache.internal");

    assertThat(settings).isEqualTo(
        new RedisSettings("cache.internal", 6379, false, null, null, 0, Duration.ofSeconds(2), 16));
  }

  @Test
  void port_and_database_are_read() {
    RedisSettings settings = RedisSettings.fromUrl("redis://10.0.0.5:6380/3");

    assertThat(settings.host()).isEqualTo("10.0.0.5");
    assertThat(settings.port()).isEqualTo(6380);
    assertThat(settings.database()).isEqualTo(3);
  }

  @Test
  void an_empty_path_means_database_zero() {
    assertThat(RedisSettings.fromUrl("redis://localhost/").database()).isZero();
  }

  @Test
  void rediss_means_tls() {
    RedisSettings settings = RedisSettings.fromUrl("rediss://cache.example.com:6380");

    assertThat(settings.tls()).isTrue();
    assertThat(settings.host()).isEqualTo("cache.example.com");
    assertThat(settings.port()).isEqualTo(6380);
    assertThat(RedisSettings.fromUrl("redis://cache.example.com").tls()).isFalse();
  }

  @Test
  void the_scheme_is_case_insensitive() {
    assertThat(RedisSettings.fromUrl("REDISS://localhost").tls()).isTrue();
    assertThat(RedisSettings.fromUrl("Redis://localhost").tls()).isFalse();
  }

  @Test
  void a_password_without_a_user_is_for_the_default_user() {
    RedisSettings settings = RedisSettings.fromUrl("redis://:s3cret@localhost");

    assertThat(settings.username()).isNull();
    assertThat(settings.password()).isEqualTo("s3cret");
  }

  @Test
  void user_and_password_are_read() {
    RedisSettings settings = RedisSettings.fromUrl("rediss://keyhold:s3cret@cache.example.com:6380/1");

    assertThat(settings).isEqualTo(
        new RedisSettings("cache.example.com", 6380, true, "keyhold", "s3cret", 1, Duration.ofSeconds(2), 16));
  }

  @Test
  void credentials_are_percent_decoded_as_utf_8_and_a_plus_stays_a_plus() {
    RedisSettings settings = RedisSettings.fromUrl("redis://k%C3%A9y%40hold:p%3Ass%2Fw%40rd%25+x@localhost");

    assertThat(settings.username()).isEqualTo("kéy@hold");
    assertThat(settings.password()).isEqualTo("p:ss/w@rd%+x");
  }

  @Test
  void a_password_may_contain_unescaped_colons_and_at_signs() {
    RedisSettings settings = RedisSettings.fromUrl("redis://user:a:b@c@localhost:6380");

    assertThat(settings.username()).isEqualTo("user");
    assertThat(settings.password()).isEqualTo("a:b@c");
    assertThat(settings.host()).isEqualTo("localhost");
  }

  @Test
  void a_bracketed_ipv6_address_is_read_without_its_brackets() {
    RedisSettings settings = RedisSettings.fromUrl("redis://[::1]:6380/2");

    assertThat(settings.host()).isEqualTo("::1");
    assertThat(settings.port()).isEqualTo(6380);
    assertThat(settings.database()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "   ",
      "localhost:6379",
      "http://localhost",
      "redis:/localhost",
      "redis://",
      "redis:///0",
      "redis://:6379",
      "redis://localhost:0",
      "redis://localhost:65536",
      "redis://localhost:123456",
      "redis://localhost:port",
      "redis://localhost:",
      "redis://local host",
      "redis://localhost/db",
      "redis://localhost/-1",
      "redis://localhost/1/2",
      "redis://localhost/1?timeout=5",
      "redis://localhost#fragment",
      "redis://[::1",
      "redis://host1,host2",
  })
  void anything_else_is_refused(String url) {
    assertThatThrownBy(() -> RedisSettings.fromUrl(url)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "redis://s3cret@localhost",
      "redis://user:@localhost",
      "redis://:@localhost",
      "redis://user:s3cret%zz@localhost",
      "redis://user:s3cret%C3@localhost",
      "redis://user:s3cret@localhost:99999",
      "redis://user:s3cret@localhost/x",
      "redis://user:s3cret@localhost?password=s3cret",
      "https://user:s3cret@localhost",
  })
  void refusals_never_repeat_the_password_or_the_url(String url) {
    assertThatThrownBy(() -> RedisSettings.fromUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("localhost"));
  }

  @Test
  void a_null_url_is_a_programming_error() {
    assertThatThrownBy(() -> RedisSettings.fromUrl(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void to_string_masks_the_password() {
    RedisSettings settings = RedisSettings.fromUrl("redis://keyhold:s3cret@localhost");

    assertThat(settings.toString())
        .doesNotContain("s3cret")
        .contains("password=***", "username=keyhold", "host=localhost", "port=6379");
    assertThat(RedisSettings.fromUrl("redis://localhost").toString()).contains("password=null");
  }

  @Test
  void timeout_and_pool_size_can_be_changed() {
    RedisSettings settings = RedisSettings.fromUrl("redis://:s3cret@localhost")
        .withTimeout(Duration.ofMillis(300))
        .withMaxConnections(4);

    assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(settings.maxConnections()).isEqualTo(4);
    assertThat(settings.password()).isEqualTo("s3cret");
  }

  @Test
  void a_timeout_under_one_millisecond_or_a_pool_without_connections_is_refused() {
    RedisSettings settings = RedisSettings.fromUrl("redis://localhost");

    assertThatThrownBy(() -> settings.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.withTimeout(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.withTimeout(Duration.ofDays(30))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings.withMaxConnections(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_user_without_a_password_or_an_empty_password_is_refused() {
    Duration timeout = Duration.ofSeconds(1);

    assertThatThrownBy(() -> new RedisSettings("localhost", 6379, false, "keyhold", null, 0, timeout, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RedisSettings("localhost", 6379, false, null, "", 0, timeout, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
