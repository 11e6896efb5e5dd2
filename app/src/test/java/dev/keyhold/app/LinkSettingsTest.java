package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.identity.core.KeyholdSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the mailed links point ({@code LINK_BASE_URL} and the per-purpose templates) and the pages' stylesheet. */
class LinkSettingsTest {

  @Test
  void by_default_the_links_open_keyholds_own_pages_under_the_public_url() {
    Config config = Config.fromEnvironment(Map.of("PUBLIC_URL", "https://id.example.com/"));

    assertThat(config.links()).isEqualTo(new Config.Links("https://id.example.com/verify-email?token={token}",
        "https://id.example.com/reset-password?token={token}",
        "https://id.example.com/invitations/accept?token={token}",
        "https://id.example.com/confirm-email?token={token}"));
    assertThat(config.pagesStylesheet()).isEmpty();
    KeyholdSettings core = KeyholdServer.settings(config);
    assertThat(core.verifyEmailUrl()).isEqualTo(config.links().verifyEmail());
    assertThat(core.resetPasswordUrl()).isEqualTo(config.links().resetPassword());
    assertThat(core.invitationUrl()).isEqualTo(config.links().invitation());
    assertThat(core.changeEmailUrl()).isEqualTo(config.links().changeEmail());
  }

  @Test
  void the_link_base_moves_all_three_and_a_template_replaces_one() {
    Config config = Config.fromEnvironment(Map.of(
        "PUBLIC_URL", "https://id.example.com",
        "LINK_BASE_URL", "https://app.example.com/account/",
        "RESET_PASSWORD_URL", "https://app.example.com/#/reset/{token}"));

    assertThat(config.publicUrl()).isEqualTo("https://id.example.com");
    assertThat(config.links()).isEqualTo(new Config.Links(
        "https://app.example.com/account/verify-email?token={token}",
        "https://app.example.com/#/reset/{token}",
        "https://app.example.com/account/invitations/accept?token={token}",
        "https://app.example.com/account/confirm-email?token={token}"));
    assertThat(KeyholdServer.settings(config).resetPasswordUrl()).isEqualTo("https://app.example.com/#/reset/{token}");
    assertThat(KeyholdServer.settings(config).issuer()).isEqualTo("https://id.example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://app.example.com/verify", "/verify?token={token}", "ftp://example.com/{token}",
      "https://user:pw@app.example.com/v?token={token}", "https:///v?token={token}", "not a url {token}"})
  void a_template_that_is_not_an_absolute_http_url_with_a_token_is_refused(String template) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("VERIFY_EMAIL_URL", template)));

    assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
        .startsWith("VERIFY_EMAIL_URL=").contains("expected an absolute http(s) URL containing {token}"));
  }

  @Test
  void a_link_base_with_a_query_is_refused() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("LINK_BASE_URL", "https://app.example.com/?x=1")));

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("LINK_BASE_URL="));
  }

  @Test
  void a_link_base_that_no_link_uses_is_refused() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "LINK_BASE_URL", "https://app.example.com",
        "VERIFY_EMAIL_URL", "https://app.example.com/v?token={token}",
        "RESET_PASSWORD_URL", "https://app.example.com/r?token={token}",
        "INVITATION_URL", "https://app.example.com/i?token={token}",
        "CHANGE_EMAIL_URL", "https://app.example.com/e?token={token}")));

    assertThat(e.problems()).singleElement()
        .satisfies(p -> assertThat(p).startsWith("LINK_BASE_URL: set with VERIFY_EMAIL_URL"));
  }

  @Test
  void production_refuses_every_link_or_stylesheet_that_is_not_https() {
    Map<String, String> env = production();
    env.put("LINK_BASE_URL", "http://app.example.com");
    env.put("VERIFY_EMAIL_URL", "http://app.example.com/v?token={token}");
    env.put("RESET_PASSWORD_URL", "HTTPS://app.example.com/r?token={token}");
    env.put("PAGES_STYLESHEET_URL", "http://cdn.example.com/brand.css");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(env));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "LINK_BASE_URL: must be an https URL with KEYHOLD_ENV=production (browsers open it, with a one-time token in "
            + "it)",
        "VERIFY_EMAIL_URL: must be an https URL with KEYHOLD_ENV=production (browsers open it, with a one-time token "
            + "in it)",
        "PAGES_STYLESHEET_URL: must be an https URL with KEYHOLD_ENV=production (browsers open it)");
  }

  @Test
  void production_accepts_https_links_and_stylesheet() {
    Map<String, String> env = production();
    env.put("LINK_BASE_URL", "https://app.example.com");
    env.put("INVITATION_URL", "https://app.example.com/join?token={token}");
    env.put("PAGES_STYLESHEET_URL", "https://cdn.example.com/brand.css?v=3");

    Config config = Config.fromEnvironment(env);

    assertThat(config.links().invitation()).isEqualTo("https://app.example.com/join?token={token}");
    assertThat(config.pagesStylesheet()).isEqualTo(Optional.of("https://cdn.example.com/brand.css?v=3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/pages/brand.css", "ftp://cdn.example.com/a.css", "https://cdn.example.com/a.css#x",
      "https://u:p@cdn.example.com/a.css"})
  void a_stylesheet_that_is_not_an_absolute_http_url_is_refused(String url) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("PAGES_STYLESHEET_URL", url)));

    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("PAGES_STYLESHEET_URL: "));
  }

  @Test
  void the_config_command_shows_the_links_with_their_defaults() {
    Map<String, String> env = Map.of("PUBLIC_URL", "https://id.example.com", "INVITATION_URL",
        "https://app.example.com/join?token={token}");

    assertThat(Config.effective(env)).contains(
        "LINK_BASE_URL=https://id.example.com  (default)",
        "VERIFY_EMAIL_URL=https://id.example.com/verify-email?token={token}  (default)",
        "INVITATION_URL=https://app.example.com/join?token={token}",
        "PAGES_STYLESHEET_URL=(unset)");
  }

  private static Map<String, String> production() {
    Map<String, String> env = new HashMap<>();
    env.put("KEYHOLD_ENV", "production");
    env.put("PUBLIC_URL", "https://id.example.com");
    env.put("DATABASE_URL", "postgresql://keyhold:pw@db.internal:5432/keyhold");
    env.put("KEY_ENCRYPTION_KEY", "q0nY2v5bq0v8c4Zp7m9vH1yT3sW6eR8uA2dF5gJ7kL0=");
    env.put("SMTP_HOST", "smtp.example.com");
    env.put("SMTP_FROM", "Keyhold <no-reply@example.com>");
    return env;
  }
}
