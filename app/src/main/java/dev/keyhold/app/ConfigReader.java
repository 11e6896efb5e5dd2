package dev.keyhold.app;

import static dev.keyhold.app.SettingParsers.duration;
import static dev.keyhold.app.SettingParsers.integer;

import dev.keyhold.adapter.http.HttpApi;
import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.redis.RedisSettings;
import dev.keyhold.adapter.smtp.SmtpSettings;
import dev.keyhold.app.webhook.AddressGuard;
import dev.keyhold.app.webhook.WebhookSecret;
import dev.keyhold.app.webhook.WebhookSettings;
import dev.keyhold.identity.core.crypto.Argon2Parameters;
import dev.keyhold.identity.core.crypto.HashingLimits;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.spi.KeyholdPlugin;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@link Config} from an environment: every setting is read and its value checked whether or not it applies,
 * the settings are related by {@link CrossChecks}, and every problem is reported at once ({@link ConfigException}).
 * The defaults live here, next to the bounds.
 */
final class ConfigReader {

  /** The default {@code HTTP_THREADS} leaves this many threads free when every hashing slot and queue place is taken. */
  static final int HTTP_THREADS_BESIDE_HASHING = 32;

  /** A valid configuration and what the reader saw, for the {@code config} command. */
  record Reading(Config config, EnvironmentReader reader) {}

  private ConfigReader() {}

  /**
   * Reads and checks the configuration.
   *
   * @throws ConfigException naming every problem, one line each
   */
  static Reading read(Map<String, String> env) {
    EnvironmentReader r = new EnvironmentReader(env);
    int port = r.read("PORT", "8080", SettingParsers::port);
    String publicUrl = r.read("PUBLIC_URL", "http://localhost:" + port, SettingParsers::url);
    HashingLimits hashing = hashing(r);
    Config.Environment environment = r.read("KEYHOLD_ENV", "development", SettingParsers::environment);
    Config config = new Config(
        r.read("HOST", "0.0.0.0", SettingParsers::host),
        port,
        publicUrl,
        r.read("JWT_AUDIENCE", "keyhold", SettingParsers::nonBlank),
        r.read("ACCESS_TOKEN_TTL", "900", v -> duration(v, Duration.ofSeconds(30), Duration.ofDays(1))),
        r.read("REFRESH_TOKEN_TTL", "30d", v -> duration(v, Duration.ofMinutes(5), Duration.ofDays(400))),
        r.read("REFRESH_RETRY_GRACE", "60s", v -> duration(v, Duration.ZERO, Duration.ofMinutes(10))),
        r.read("VERIFY_EMAIL_TTL", "24h", v -> duration(v, Duration.ofMinutes(5), Duration.ofDays(30))),
        r.read("RESET_PASSWORD_TTL", "30m", v -> duration(v, Duration.ofMinutes(5), Duration.ofHours(24))),
        r.read("REQUIRE_VERIFIED_EMAIL", "true", SettingParsers::bool),
        r.read("JWT_ALGORITHM", "RS256", SettingParsers::algorithm),
        new Argon2Parameters(
            r.read("ARGON2_MEMORY_KIB", "19456", v -> integer(v, 8192, 4_194_304)),
            r.read("ARGON2_ITERATIONS", "2", v -> integer(v, 1, 100)),
            r.read("ARGON2_PARALLELISM", "1", v -> integer(v, 1, 64))),
        hashing,
        r.read("HTTP_THREADS", Integer.toString(HTTP_THREADS_BESIDE_HASHING + hashing.concurrency() + hashing.queue()),
            v -> integer(v, HttpApi.MIN_REQUEST_THREADS, HttpApi.MAX_REQUEST_THREADS)),
        r.read("PRODUCT_NAME", "Keyhold", SettingParsers::nonBlank),
        links(r, publicUrl),
        r.readOptional("PAGES_STYLESHEET_URL", SettingParsers::stylesheetUrl),
        environment,
        database(r),
        r.read("KEYHOLD_DATA_DIR", "data", SettingParsers::directory),
        r.readOptional("KEY_ENCRYPTION_KEY", SettingParsers::keyEncryptionKey),
        r.readOptional("KEY_ENCRYPTION_KEY_PREVIOUS", SettingParsers::keyEncryptionKey),
        r.readOptional("KEY_ROTATION_INTERVAL", v -> duration(v, Duration.ofHours(1), Duration.ofDays(400))),
        bootstrapAdmin(r),
        r.readOptional("REDIS_URL", RedisSettings::fromUrl),
        r.read("REDIS_FAILURE_MODE", "closed", SettingParsers::failureMode),
        r.read("TRUSTED_PROXIES", "", SettingParsers::list),
        r.read("REFRESH_COOKIE", "false", SettingParsers::bool),
        r.read("COOKIE_ORIGINS", SettingParsers.originOf(publicUrl), SettingParsers::origins),
        new Config.Lockout(
            r.read("LOCKOUT_MAX_FAILURES", "5", v -> integer(v, 1, 100)),
            r.read("LOCKOUT_WAIT", "60", v -> duration(v, Duration.ofSeconds(1), Duration.ofDays(1))),
            r.read("LOCKOUT_MAX_WAIT", "15m", v -> duration(v, Duration.ofSeconds(1), Duration.ofDays(7))),
            r.read("LOCKOUT_RESET", "12h", v -> duration(v, Duration.ofMinutes(1), Duration.ofDays(30)))),
        rateLimits(r),
        smtp(r),
        r.read("MAIL_DELIVERY", "true", SettingParsers::bool),
        r.read("LOG_FORMAT", "json", Config.LogFormat::parse),
        r.read("METRICS_ENABLED", "true", SettingParsers::bool),
        IdentityProviderSettings.read(r),
        extensions(r),
        webhook(r, environment == Config.Environment.PRODUCTION));
    CrossChecks.problems(config, env).forEach(r::problem);
    if (!r.problems().isEmpty()) {
      throw new ConfigException(r.problems());
    }
    return new Reading(config, r);
  }

  /**
   * {@code HASH_CONCURRENCY} (default: the available processors), {@code HASH_QUEUE} (default:
   * {@value HashingLimits#QUEUE_PER_SLOT} per concurrent hash) and {@code HASH_QUEUE_WAIT}.
   */
  private static HashingLimits hashing(EnvironmentReader r) {
    HashingLimits defaults = HashingLimits.defaults();
    int concurrency = r.read("HASH_CONCURRENCY", Integer.toString(defaults.concurrency()),
        v -> integer(v, 1, HashingLimits.MAX_CONCURRENCY));
    int queue = r.read("HASH_QUEUE", Integer.toString(HashingLimits.QUEUE_PER_SLOT * concurrency),
        v -> integer(v, 0, HashingLimits.MAX_QUEUE));
    Duration wait = r.read("HASH_QUEUE_WAIT", HashingLimits.DEFAULT_WAIT.toMillis() + "ms",
        v -> duration(v, Duration.ofMillis(1), HashingLimits.MAX_WAIT));
    return new HashingLimits(concurrency, queue, wait);
  }

  /**
   * The mailed links: {@code LINK_BASE_URL} (default {@code publicUrl}) with Keyhold's page paths, each replaced by
   * its template when one is given.
   */
  private static Config.Links links(EnvironmentReader r, String publicUrl) {
    String base = r.read("LINK_BASE_URL", publicUrl, SettingParsers::url);
    return new Config.Links(
        r.read("VERIFY_EMAIL_URL", base + "/verify-email?token={token}", SettingParsers::linkTemplate),
        r.read("RESET_PASSWORD_URL", base + "/reset-password?token={token}", SettingParsers::linkTemplate),
        r.read("INVITATION_URL", base + "/invitations/accept?token={token}", SettingParsers::linkTemplate),
        r.read("CHANGE_EMAIL_URL", base + "/confirm-email?token={token}", SettingParsers::linkTemplate));
  }

  /** {@code DATABASE_URL} with {@code DATABASE_POOL_SIZE}; the pool size is checked even without the URL. */
  private static Optional<DatabaseSettings> database(EnvironmentReader r) {
    Optional<DatabaseSettings> url = r.readOptional("DATABASE_URL", DatabaseSettings::fromUrl);
    int poolSize = r.read("DATABASE_POOL_SIZE", "10", v -> integer(v, 1, 200));
    return url.map(settings -> settings.withMaxPoolSize(poolSize));
  }

  /** Both or neither of the two; {@link CrossChecks} reports one without the other. */
  private static Optional<Config.BootstrapAdmin> bootstrapAdmin(EnvironmentReader r) {
    Optional<String> email = r.readOptional("BOOTSTRAP_ADMIN_EMAIL", SettingParsers::nonBlank);
    Optional<String> password = r.readSecret("BOOTSTRAP_ADMIN_PASSWORD");
    if (email.isEmpty() || password.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Config.BootstrapAdmin(email.get(), password.get()));
  }

  /**
   * The SMTP settings when {@code SMTP_HOST} is given. Every {@code SMTP_*} value is checked even without it;
   * {@link CrossChecks} reports those given without it, a missing {@code SMTP_FROM} and a lone user or password.
   */
  private static Optional<SmtpSettings> smtp(EnvironmentReader r) {
    Optional<String> host = r.readOptional("SMTP_HOST", SettingParsers::host);
    SmtpSettings.Security security = r.read("SMTP_SECURITY", "starttls", SettingParsers::smtpSecurity);
    int port = r.read("SMTP_PORT", security == SmtpSettings.Security.TLS ? "465" : "587", SettingParsers::port);
    Optional<String> from = r.readOptional("SMTP_FROM", SettingParsers::nonBlank);
    Duration timeout = r.read("SMTP_TIMEOUT", "10s", v -> duration(v, Duration.ofMillis(100), Duration.ofMinutes(2)));
    Optional<String> username = r.readOptional("SMTP_USERNAME", SettingParsers::nonBlank);
    Optional<String> password = r.readSecret("SMTP_PASSWORD");
    if (host.isEmpty() || from.isEmpty() || username.isPresent() != password.isPresent()) {
      return Optional.empty();
    }
    try {
      SmtpSettings settings = SmtpSettings.of(host.get(), port, security, from.get()).withTimeouts(timeout, timeout);
      return Optional.of(username.isPresent() ? settings.withCredentials(username.get(), password.get()) : settings);
    } catch (IllegalArgumentException e) {
      r.problem("SMTP_*: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * {@code HOOK_MODULES}, {@code PLUGIN_MODULES}, {@code PLUGINS_DIR} and {@code HOOK_TIMEOUT}. A class that cannot
   * be found, is of no extension type or cannot be constructed is one problem line naming it.
   */
  private static Config.Extensions extensions(EnvironmentReader r) {
    List<ExtensionLoader.Loaded<Object>> hooks =
        r.readOptional("HOOK_MODULES", ExtensionLoader::hooks).orElse(List.of());
    List<ExtensionLoader.Loaded<KeyholdPlugin>> named =
        r.readOptional("PLUGIN_MODULES", ExtensionLoader::plugins).orElse(List.of());
    List<ExtensionLoader.Loaded<KeyholdPlugin>> found =
        r.readOptional("PLUGINS_DIR", ExtensionLoader::pluginsIn).orElse(List.of());
    Duration timeout = r.read("HOOK_TIMEOUT", "2s", v -> duration(v, Duration.ofMillis(1), Duration.ofMinutes(1)));
    List<KeyholdPlugin> plugins = new java.util.ArrayList<>();
    named.forEach(plugin -> plugins.add(plugin.instance()));
    found.forEach(plugin -> plugins.add(plugin.instance()));
    Map<String, List<String>> loaded = Map.of(
        "HOOK_MODULES", hooks.stream().map(ExtensionLoader.Loaded::description).toList(),
        "PLUGIN_MODULES", named.stream().map(ExtensionLoader.Loaded::description).toList(),
        "PLUGINS_DIR", found.stream().map(ExtensionLoader.Loaded::description).toList());
    return new Config.Extensions(hooks.stream().map(ExtensionLoader.Loaded::instance).toList(), plugins, timeout,
        loaded);
  }

  /**
   * {@code WEBHOOK_URL} with {@code WEBHOOK_SECRET}, {@code WEBHOOK_EVENTS} and {@code WEBHOOK_ALLOW_PRIVATE}; the
   * receiver is checked against {@link AddressGuard} now (and again at every delivery). A host that does not resolve
   * yet is let through: the receiver may come up after Keyhold.
   */
  private static Optional<WebhookSettings> webhook(EnvironmentReader r, boolean production) {
    Optional<URI> url = r.readOptional("WEBHOOK_URL", WebhookSettings::url);
    Optional<String> secretValue = r.readSecret("WEBHOOK_SECRET");
    Optional<WebhookSecret> secret = Optional.empty();
    try {
      secret = secretValue.map(WebhookSecret::parse);
    } catch (IllegalArgumentException e) {
      r.problem("WEBHOOK_SECRET: " + e.getMessage());
    }
    Set<String> events = r.readOptional("WEBHOOK_EVENTS", WebhookSettings::eventTypes).orElse(Set.of());
    boolean allowPrivate = r.read("WEBHOOK_ALLOW_PRIVATE", "false", SettingParsers::bool);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    if (secretValue.isEmpty()) {
      r.problem("WEBHOOK_SECRET: required with WEBHOOK_URL (whsec_ followed by the base64 of 24 to 64 random bytes)");
    }
    try {
      AddressGuard.check(url.get(), allowPrivate, false); // https in production: CrossChecks
    } catch (AddressGuard.Refused e) {
      if (!e.getMessage().endsWith("does not resolve")) {
        r.problem("WEBHOOK_URL: " + e.getMessage());
      }
    }
    return secret.map(key -> new WebhookSettings(url.get(), key, events, allowPrivate, production));
  }

  /** The {@code RATE_LIMIT_<NAME>} overrides, by limit name; unknown names are reported. */
  private static Map<String, Config.Rate> rateLimits(EnvironmentReader r) {
    Map<String, Config.Rate> limits = new TreeMap<>();
    for (String name : new TreeSet<>(r.env().keySet())) {
      if (!name.startsWith(SettingCatalog.RATE_LIMIT_PREFIX)) {
        continue;
      }
      String limit = SettingCatalog.rateLimitName(name);
      if (!RateLimits.NAMES.contains(limit)) {
        List<String> known = new TreeSet<>(RateLimits.NAMES).stream().map(SettingCatalog::rateLimitVariable).toList();
        r.problem(name + ": unknown rate limit (known: " + known + ")");
        continue;
      }
      r.readOptional(name, SettingParsers::rate).ifPresent(rate -> limits.put(limit, rate));
    }
    return limits;
  }
}
