package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keyhold.identity.core.crypto.HashingLimits;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void an_empty_environment_gives_the_embedded_defaults() {
    Config config = Config.fromEnvironment(Map.of());
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(config.requireVerifiedEmail()).isTrue();
    assertThat(config.jwtAlgorithm()).isEqualTo(SigningAlgorithm.RS256);
    assertThat(config.argon2().memoryKiB()).isEqualTo(19456);
    assertThat(config.environment()).isEqualTo(Config.Environment.DEVELOPMENT);
  }

  @Test
  void a_rate_limit_takes_up_to_a_million_requests_as_the_documentation_says_and_no_more() {
    assertThat(Config.fromEnvironment(Map.of("RATE_LIMIT_LOGIN_IP", "1000000/1s")).rateLimits())
        .containsEntry("login-ip", new Config.Rate(1_000_000, Duration.ofSeconds(1)));
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("RATE_LIMIT_LOGIN_IP", "1000001/1s"))).problems())
        .singleElement().satisfies(problem -> assertThat(problem).startsWith("RATE_LIMIT_LOGIN_IP"));
  }

  @Test
  void durations_take_seconds_units_or_iso_8601() {
    assertThat(Config.fromEnvironment(Map.of("ACCESS_TOKEN_TTL", "600")).accessTokenTtl())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(Config.fromEnvironment(Map.of("ACCESS_TOKEN_TTL", "5m")).accessTokenTtl())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(Config.fromEnvironment(Map.of("REFRESH_TOKEN_TTL", "P7D")).refreshTokenTtl())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void the_refresh_retry_grace_defaults_to_a_minute_may_be_zero_and_reaches_the_core() {
    assertThat(Config.fromEnvironment(Map.of()).refreshRetryGrace()).isEqualTo(Duration.ofMinutes(1));
    Config strict = Config.fromEnvironment(Map.of("REFRESH_RETRY_GRACE", "0"));
    assertThat(KeyholdServer.settings(strict).refreshRetryGrace()).isZero();
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("REFRESH_RETRY_GRACE", "11m"))).problems())
        .singleElement().satisfies(problem -> assertThat(problem).startsWith("REFRESH_RETRY_GRACE=\"11m\""));
  }

  @Test
  void the_public_url_defaults_to_the_port_and_loses_a_trailing_slash() {
    assertThat(Config.fromEnvironment(Map.of("PORT", "9000")).publicUrl()).isEqualTo("http://localhost:9000");
    assertThat(Config.fromEnvironment(Map.of("PUBLIC_URL", "https://id.example.com/")).publicUrl())
        .isEqualTo("https://id.example.com");
  }

  @Test
  void every_invalid_value_is_reported_on_its_own_line() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "PORT", "eighty",
        "ACCESS_TOKEN_TTL", "forever",
        "REFRESH_TOKEN_TTL", "1s",
        "PUBLIC_URL", "ftp://example.com",
        "REQUIRE_VERIFIED_EMAIL", "maybe",
        "JWT_ALGORITHM", "HS256",
        "ARGON2_MEMORY_KIB", "12",
        "KEYHOLD_ENVIRONMENT", "production")));
    assertThat(e.problems()).hasSize(8);
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PORT=\"eighty\": expected a whole number"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("ACCESS_TOKEN_TTL=\"forever\""));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("REFRESH_TOKEN_TTL=\"1s\": expected a duration"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PUBLIC_URL="));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("JWT_ALGORITHM=\"HS256\": expected one of"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("KEYHOLD_ENVIRONMENT: unknown setting"));
    assertThat(e.problems()).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
  }

  @Test
  void a_control_character_in_a_value_is_not_echoed() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("PORT", "80\u001b[31m")));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).doesNotContain("\u001b"));
  }

  @Test
  void production_refuses_the_embedded_database_and_a_missing_key_encryption_key() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("KEYHOLD_ENV", "production")));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("DATABASE_URL: required"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("KEY_ENCRYPTION_KEY: required"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("PUBLIC_URL: required"));
  }

  @Test
  void a_database_url_needs_a_key_encryption_key() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("DATABASE_URL", "postgresql://app:pw@db:5432/keyhold")));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p).startsWith("KEY_ENCRYPTION_KEY"));
  }

  @Test
  void both_database_url_forms_are_accepted() {
    String key = dev.keyhold.identity.core.crypto.KeyEncryption.generate().encodedKey();
    Config plain = Config.fromEnvironment(
        Map.of("DATABASE_URL", "postgresql://app:s%40cret@db.internal:5433/keyhold", "KEY_ENCRYPTION_KEY", key));
    Config jdbc = Config.fromEnvironment(Map.of(
        "DATABASE_URL", "jdbc:postgresql://db.internal:5433/keyhold?user=app&password=s%40cret",
        "KEY_ENCRYPTION_KEY", key));
    assertThat(plain.database().orElseThrow().jdbcUrl()).startsWith("jdbc:postgresql://db.internal:5433/keyhold");
    assertThat(plain.database().orElseThrow().password()).isEqualTo("s@cret");
    assertThat(jdbc.database().orElseThrow().username()).isEqualTo("app");
    assertThat(plain.toString()).doesNotContain("s@cret", "s%40cret", key);
  }

  @Test
  void secrets_in_invalid_values_are_not_echoed() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "DATABASE_URL", "mysql://root:hunter2@db/keyhold", "KEY_ENCRYPTION_KEY", "hunter3-too-short")));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).doesNotContain("hunter2", "hunter3");
  }

  @Test
  void the_data_directory_defaults_to_data_under_the_working_directory() {
    assertThat(Config.fromEnvironment(Map.of()).dataDirectory())
        .isEqualTo(java.nio.file.Path.of("data").toAbsolutePath().normalize());
  }

  @Test
  void logs_are_json_and_metrics_are_on_by_default() {
    Config config = Config.fromEnvironment(Map.of());
    assertThat(config.logFormat()).isEqualTo(Config.LogFormat.JSON);
    assertThat(config.metricsEnabled()).isTrue();
  }

  @Test
  void log_format_and_metrics_can_be_changed() {
    Config config = Config.fromEnvironment(Map.of("LOG_FORMAT", "Text", "METRICS_ENABLED", "false"));
    assertThat(config.logFormat()).isEqualTo(Config.LogFormat.TEXT);
    assertThat(config.metricsEnabled()).isFalse();
    assertThat(Config.fromEnvironment(Map.of("LOG_FORMAT", "json")).logFormat()).isEqualTo(Config.LogFormat.JSON);
    assertThat(config.toString()).contains("logFormat=TEXT", "metricsEnabled=false");
  }

  @Test
  void an_unknown_log_format_or_metrics_switch_is_reported_on_its_own_line() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("LOG_FORMAT", "xml", "METRICS_ENABLED", "sometimes")));
    assertThat(e.problems()).containsExactlyInAnyOrder(
        "LOG_FORMAT=\"xml\": expected json or text",
        "METRICS_ENABLED=\"sometimes\": expected true or false");
  }

  @Test
  void password_hashing_is_bounded_by_the_processors_by_default() {
    int processors = Runtime.getRuntime().availableProcessors();

    Config config = Config.fromEnvironment(Map.of());

    assertThat(config.hashing()).isEqualTo(new HashingLimits(processors, 8 * processors, Duration.ofMillis(500)));
    assertThat(config.httpThreads()).as("32 beside every hashing slot and queue place").isEqualTo(32 + 9 * processors);
  }

  @Test
  void request_threads_can_be_set_within_bounds() {
    assertThat(Config.fromEnvironment(Map.of("HTTP_THREADS", "100")).httpThreads()).isEqualTo(100);
    assertThat(Config.fromEnvironment(Map.of("HASH_CONCURRENCY", "4", "HASH_QUEUE", "10")).httpThreads())
        .isEqualTo(46);
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("HTTP_THREADS", "8"))).problems())
        .containsExactly("HTTP_THREADS=\"8\": expected a whole number from 16 to 1000");
  }

  @Test
  void the_hashing_queue_follows_the_concurrency_unless_set() {
    assertThat(Config.fromEnvironment(Map.of("HASH_CONCURRENCY", "3")).hashing())
        .isEqualTo(new HashingLimits(3, 24, Duration.ofMillis(500)));
    assertThat(Config.fromEnvironment(Map.of("HASH_CONCURRENCY", "3", "HASH_QUEUE", "0", "HASH_QUEUE_WAIT", "250ms"))
        .hashing()).isEqualTo(new HashingLimits(3, 0, Duration.ofMillis(250)));
  }

  @Test
  void invalid_hashing_limits_stop_start_up_with_one_line_each() throws InterruptedException {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "HASH_CONCURRENCY", "0", "HASH_QUEUE", "lots", "HASH_QUEUE_WAIT", "0")));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "HASH_CONCURRENCY=\"0\": expected a whole number from 1 to 1024",
        "HASH_QUEUE=\"lots\": expected a whole number from 0 to 100000",
        "HASH_QUEUE_WAIT=\"0\": expected a duration from PT0.001S to PT1M");
    assertThat(Main.run(new String[] {"serve"}, Map.of("HASH_CONCURRENCY", "-2"))).isEqualTo(Main.CONFIG);
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of("HASH_CONCURRENCY", "2000", "HASH_QUEUE", "200001"))).problems())
        .containsExactlyInAnyOrder(
            "HASH_CONCURRENCY=\"2000\": expected a whole number from 1 to 1024",
            "HASH_QUEUE=\"200001\": expected a whole number from 0 to 100000");
  }

  @Test
  void a_setting_that_applies_only_beside_another_is_checked_and_refused_without_it() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "DATABASE_POOL_SIZE", "abc", "SMTP_TIMEOUT", "forever", "REDIS_FAILURE_MODE", "open")));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "DATABASE_POOL_SIZE=\"abc\": expected a whole number from 1 to 200",
        "DATABASE_POOL_SIZE: set without DATABASE_URL",
        "SMTP_TIMEOUT=\"forever\": expected a duration such as 900 (seconds), 15m, 12h, 30d or PT15M",
        "SMTP_TIMEOUT: set without SMTP_HOST",
        "REDIS_FAILURE_MODE: set without REDIS_URL");
  }

  @Test
  void every_setting_that_needs_another_is_refused_alone_with_a_valid_value() {
    Map<String, String> valid = Map.ofEntries(Map.entry("DATABASE_POOL_SIZE", "5"),
        Map.entry("REDIS_FAILURE_MODE", "closed"), Map.entry("SMTP_PORT", "25"), Map.entry("SMTP_SECURITY", "none"),
        Map.entry("SMTP_USERNAME", "mailer"), Map.entry("SMTP_PASSWORD", "pw"), Map.entry("SMTP_FROM", "a@example.com"),
        Map.entry("SMTP_TIMEOUT", "5s"), Map.entry("GOOGLE_HOSTED_DOMAIN", "example.com"),
        Map.entry("MICROSOFT_ALLOWED_TENANTS", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
        Map.entry("MICROSOFT_AUTHORITY_HOST", "https://login.microsoftonline.us"),
        Map.entry("WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        Map.entry("WEBHOOK_EVENTS", "user.registered"), Map.entry("WEBHOOK_ALLOW_PRIVATE", "true"),
        Map.entry("KEY_ENCRYPTION_KEY_PREVIOUS", "q0nY2v5bq0v8c4Zp7m9vH1yT3sW6eR8uA2dF5gJ7kL0="));
    assertThat(valid.keySet()).containsExactlyInAnyOrderElementsOf(SettingCatalog.APPLIES_ONLY_WITH.keySet());

    SettingCatalog.APPLIES_ONLY_WITH.forEach((name, needed) -> assertThat(catchThrowableOfType(ConfigException.class,
        () -> Config.fromEnvironment(Map.of(name, valid.get(name)))).problems())
        .as(name).containsExactly(name + ": set without " + needed));
  }

  @Test
  void the_pool_size_applies_to_a_database_url_and_is_checked_there_too() {
    String key = dev.keyhold.identity.core.crypto.KeyEncryption.generate().encodedKey();
    Map<String, String> env = Map.of("DATABASE_URL", "postgresql://app:pw@db:5432/keyhold", "KEY_ENCRYPTION_KEY", key);

    assertThat(Config.fromEnvironment(env).database().orElseThrow().maxPoolSize()).isEqualTo(10);
    Map<String, String> sized = new java.util.HashMap<>(env);
    sized.put("DATABASE_POOL_SIZE", "25");
    assertThat(Config.fromEnvironment(sized).database().orElseThrow().maxPoolSize()).isEqualTo(25);
    sized.put("DATABASE_POOL_SIZE", "0");
    assertThat(catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(sized)).problems())
        .containsExactly("DATABASE_POOL_SIZE=\"0\": expected a whole number from 1 to 200");
  }

  @Test
  void the_data_directory_is_refused_beside_a_database_url() {
    String key = dev.keyhold.identity.core.crypto.KeyEncryption.generate().encodedKey();

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "DATABASE_URL", "postgresql://app:pw@db:5432/keyhold", "KEY_ENCRYPTION_KEY", key,
        "KEYHOLD_DATA_DIR", "/var/lib/keyhold")));

    assertThat(e.problems()).containsExactly(
        "KEYHOLD_DATA_DIR: set with DATABASE_URL (it applies only without DATABASE_URL)");
  }

  @Test
  void smtp_without_a_sender_or_with_half_the_credentials_is_refused() {
    assertThat(catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "SMTP_HOST", "smtp.example.com", "SMTP_USERNAME", "mailer"))).problems()).containsExactlyInAnyOrder(
        "SMTP_USERNAME and SMTP_PASSWORD: set both or neither",
        "SMTP_FROM: required with SMTP_HOST (the sender address, for example Keyhold <no-reply@example.com>)");
    assertThat(catchThrowableOfType(ConfigException.class, () -> Config.fromEnvironment(Map.of(
        "BOOTSTRAP_ADMIN_PASSWORD", "a long admin passphrase"))).problems())
        .containsExactly("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD: set both or neither");
  }

  @Test
  void the_catalog_relates_only_settings_it_lists() {
    assertThat(SettingCatalog.SETTINGS).containsAll(SettingCatalog.APPLIES_ONLY_WITH.keySet())
        .containsAll(SettingCatalog.APPLIES_ONLY_WITH.values())
        .containsAll(SettingCatalog.APPLIES_ONLY_WITHOUT.keySet())
        .containsAll(SettingCatalog.APPLIES_ONLY_WITHOUT.values())
        .containsAll(SettingCatalog.SECRET_SETTINGS)
        .containsAll(SettingCatalog.URL_SETTINGS)
        .containsAll(SettingCatalog.KNOWN_KEYHOLD_VARIABLES)
        .doesNotHaveDuplicates();
  }
}
