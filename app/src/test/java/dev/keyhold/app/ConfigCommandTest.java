package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyhold.identity.core.protection.RateLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The {@code config} command, and that it, {@link Config} and {@code docs/configuration.md} name the same settings. */
class ConfigCommandTest {

  private static final Path CONFIGURATION_DOC = Path.of("..", "docs", "configuration.md");
  private static final Pattern DOCUMENTED_NAME = Pattern.compile("`([A-Z][A-Z0-9_]*(?:<NAME>[A-Z0-9_]*)?)`");

  @Test
  void config_prints_every_setting_once_marking_defaults() throws Exception {
    Output output = run(Map.of("PORT", "9090", "ACCESS_TOKEN_TTL", "10m"));

    assertThat(output.status()).isEqualTo(Main.OK);
    Map<String, String> settings = output.settings();
    assertThat(settings.keySet()).containsAll(SettingCatalog.SETTINGS);
    assertThat(settings).containsEntry("PORT", "9090")
        .containsEntry("ACCESS_TOKEN_TTL", "10m")
        .containsEntry("HOST", "0.0.0.0  (default)")
        .containsEntry("PUBLIC_URL", "http://localhost:9090  (default)")
        .containsEntry("DATABASE_URL", "(unset)")
        .containsEntry("SMTP_PORT", "(unset)")
        .containsEntry("RATE_LIMIT_LOGIN_IP", "20/60s  (default)");
    assertThat(output.lines()).hasSize(settings.size());
  }

  @Test
  void config_masks_every_secret_and_the_passwords_in_urls() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", "postgresql://keyhold:db-s3cret-pw@db.internal:5432/keyhold");
    env.put("KEY_ENCRYPTION_KEY", "q0nY2v5bq0v8c4Zp7m9vH1yT3sW6eR8uA2dF5gJ7kL0=");
    env.put("KEY_ENCRYPTION_KEY_PREVIOUS", "j1wPAcgiH9ljeliPYPq/4caUfhR+HWWoNcRri7UoBX4=");
    env.put("REDIS_URL", "redis://:redis-s3cret-pw@cache.internal:6379/0");
    env.put("SMTP_HOST", "smtp.example.com");
    env.put("SMTP_FROM", "Keyhold <no-reply@example.com>");
    env.put("SMTP_USERNAME", "mailer");
    env.put("SMTP_PASSWORD", "smtp-s3cret-pw");
    env.put("BOOTSTRAP_ADMIN_EMAIL", "root@example.com");
    env.put("BOOTSTRAP_ADMIN_PASSWORD", "admin-s3cret-pw");
    env.put("RATE_LIMIT_LOGIN_IP", "50/1m");

    Output output = run(env);

    assertThat(output.status()).isEqualTo(Main.OK);
    assertThat(output.text()).doesNotContain("db-s3cret-pw", "redis-s3cret-pw", "smtp-s3cret-pw",
        "admin-s3cret-pw", env.get("KEY_ENCRYPTION_KEY"), env.get("KEY_ENCRYPTION_KEY_PREVIOUS"));
    assertThat(output.settings())
        .containsEntry("DATABASE_URL", "postgresql://keyhold:***@db.internal:5432/keyhold")
        .containsEntry("REDIS_URL", "redis://:***@cache.internal:6379/0")
        .containsEntry("KEY_ENCRYPTION_KEY", "***")
        .containsEntry("KEY_ENCRYPTION_KEY_PREVIOUS", "***")
        .containsEntry("SMTP_PASSWORD", "***")
        .containsEntry("BOOTSTRAP_ADMIN_PASSWORD", "***")
        .containsEntry("SMTP_USERNAME", "mailer")
        .containsEntry("RATE_LIMIT_LOGIN_IP", "50/60s");
  }

  @Test
  void config_shows_settings_that_do_not_apply_as_unset() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", "postgresql://keyhold:pw@db.internal:5432/keyhold");
    env.put("KEY_ENCRYPTION_KEY", "q0nY2v5bq0v8c4Zp7m9vH1yT3sW6eR8uA2dF5gJ7kL0=");
    env.put("DATABASE_POOL_SIZE", "20");

    Map<String, String> withDatabase = run(env).settings();
    Map<String, String> embedded = run(Map.of()).settings();

    assertThat(withDatabase).containsEntry("DATABASE_POOL_SIZE", "20")
        .containsEntry("KEYHOLD_DATA_DIR", "(unset)")
        .containsEntry("REDIS_FAILURE_MODE", "(unset)")
        .containsEntry("SMTP_TIMEOUT", "(unset)");
    assertThat(embedded).containsEntry("DATABASE_POOL_SIZE", "(unset)")
        .containsEntry("KEYHOLD_DATA_DIR", "data  (default)");
  }

  @Test
  void config_refuses_a_setting_that_would_do_nothing() throws Exception {
    assertThat(run(Map.of("DATABASE_POOL_SIZE", "abc")).status()).isEqualTo(Main.CONFIG);
    assertThat(run(Map.of("DATABASE_POOL_SIZE", "20")).status()).isEqualTo(Main.CONFIG);
    assertThat(run(Map.of("SMTP_TIMEOUT", "5s")).status()).isEqualTo(Main.CONFIG);
  }

  @Test
  void a_jdbc_url_with_a_password_parameter_is_masked_too() {
    assertThat(EnvironmentReader.maskedUrl("jdbc:postgresql://db:5432/k?user=keyhold&password=pw%21x&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/k?user=keyhold&password=***&ssl=true");
    assertThat(EnvironmentReader.maskedUrl("postgresql://db.internal/keyhold")).isEqualTo("postgresql://db.internal/keyhold");
  }

  @Test
  void an_invalid_configuration_prints_nothing_and_exits_78() throws Exception {
    Output output = run(Map.of("PORT", "eighty"));

    assertThat(output.status()).isEqualTo(Main.CONFIG);
    assertThat(output.text()).isEmpty();
  }

  @Test
  void the_documentation_lists_exactly_the_settings_config_reads() throws IOException {
    Set<String> documented = new LinkedHashSet<>();
    for (String line : Files.readAllLines(CONFIGURATION_DOC, StandardCharsets.UTF_8)) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String firstColumn = line.substring(1, line.indexOf('|', 1));
      Matcher names = DOCUMENTED_NAME.matcher(firstColumn);
      while (names.find()) {
        documented.add(names.group(1));
      }
    }
    documented.removeIf(ConfigCommandTest::isLimitRow);

    Set<String> read = new LinkedHashSet<>(SettingCatalog.SETTINGS);
    read.add("RATE_LIMIT_<NAME>");
    SettingCatalog.OIDC_FIELDS.forEach(field -> read.add("OIDC_<NAME>_" + field));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(read);
  }

  /** The rate-limit table lists limits by their short names ({@code LOGIN_IP}), not as settings. */
  private static boolean isLimitRow(String name) {
    return RateLimits.NAMES.stream().map(limit -> limit.toUpperCase(Locale.ROOT).replace('-', '_'))
        .anyMatch(name::equals);
  }

  private static Output run(Map<String, String> env) throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"config"}, env, new ByteArrayInputStream(new byte[0]),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Output(status, bytes.toString(StandardCharsets.UTF_8));
  }

  private record Output(int status, String text) {

    List<String> lines() {
      return text.lines().toList();
    }

    Map<String, String> settings() {
      return lines().stream().collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
          line -> line.substring(line.indexOf('=') + 1)));
    }
  }
}
