package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code REFRESH_COOKIE} and {@code COOKIE_ORIGINS}: defaults, checks, and when the cookie may go without Secure. */
class RefreshCookieConfigTest {

  @Test
  void off_by_default_with_the_public_url_s_origin_as_the_one_allowed() {
    Config config = Config.fromEnvironment(Map.of("PUBLIC_URL", "https://ID.example.com:8443/auth"));

    assertThat(config.refreshCookie()).isFalse();
    assertThat(config.cookieOrigins()).containsExactly("https://id.example.com:8443");
  }

  @Test
  void origins_are_read_as_browsers_send_them() {
    Config config = Config.fromEnvironment(Map.of("PUBLIC_URL", "https://id.example.com", "REFRESH_COOKIE", "true",
        "COOKIE_ORIGINS", " https://App.example.com , http://localhost:5173"));

    assertThat(config.refreshCookie()).isTrue();
    assertThat(config.cookieOrigins()).containsExactly("https://app.example.com", "http://localhost:5173");
  }

  @Test
  void an_origin_with_a_path_or_of_another_scheme_stops_start_up() {
    for (String bad : List.of("https://app.example.com/", "app.example.com", "ftp://app.example.com", ",")) {
      assertThat(problems(Map.of("PUBLIC_URL", "https://id.example.com", "REFRESH_COOKIE", "true",
          "COOKIE_ORIGINS", bad))).as(bad).singleElement().asString().startsWith("COOKIE_ORIGINS=");
    }
  }

  @Test
  void origins_without_the_cookie_would_do_nothing_and_are_refused() {
    assertThat(problems(Map.of("COOKIE_ORIGINS", "https://app.example.com")))
        .containsExactly("COOKIE_ORIGINS: set without REFRESH_COOKIE=true");
    assertThat(problems(Map.of("COOKIE_ORIGINS", "https://app.example.com", "REFRESH_COOKIE", "false")))
        .containsExactly("COOKIE_ORIGINS: set without REFRESH_COOKIE=true");
  }

  @Test
  void the_cookie_needs_https_but_for_plain_http_on_the_loopback() {
    assertThat(problems(Map.of("PUBLIC_URL", "http://id.example.com", "REFRESH_COOKIE", "true")))
        .singleElement().asString().startsWith("REFRESH_COOKIE: needs an https PUBLIC_URL");
    for (String development : List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080")) {
      assertThat(Config.fromEnvironment(Map.of("PUBLIC_URL", development, "REFRESH_COOKIE", "true")).refreshCookie())
          .as(development).isTrue();
      assertThat(KeyholdServer.secureCookie(development)).as(development).isFalse();
    }
    assertThat(KeyholdServer.secureCookie("https://localhost:8443")).isTrue();
    assertThat(KeyholdServer.secureCookie("https://id.example.com")).isTrue();
  }

  @Test
  void production_wants_https_origins() {
    String key = dev.keyhold.identity.core.crypto.KeyEncryption.generate().encodedKey();
    Map<String, String> env = Map.of("KEYHOLD_ENV", "production", "PUBLIC_URL", "https://id.example.com",
        "DATABASE_URL", "postgresql://app:pw@db:5432/keyhold", "KEY_ENCRYPTION_KEY", key, "SMTP_HOST",
        "smtp.example.com", "SMTP_FROM", "a@example.com", "REFRESH_COOKIE", "true",
        "COOKIE_ORIGINS", "http://app.example.com");

    assertThat(problems(env)).singleElement().asString().startsWith("COOKIE_ORIGINS: must be an https URL");
  }

  private static List<String> problems(Map<String, String> env) {
    return catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(env)).problems();
  }
}
