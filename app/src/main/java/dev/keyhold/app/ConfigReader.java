package dev.keyhold.app;

import static dev.keyhold.app.SettingParsers.duration;
import static dev.keyhold.app.SettingParsers.integer;

import dev.keyhold.adapter.http.HttpApi;
import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.redis.RedisSettings;
import dev.keyhold.adapter.smtp.SmtpSettings;
import dev.keyhold.identity.core.crypto.Argon2Parameters;
import dev.keyhold.identity.core.crypto.HashingLimits;
import dev.keyhold.identity.core.protection.RateLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Config config = new Config(
        r.read("HOST", "0.0.0.0", SettingParsers::host),
        port,
        publicUrl,
        r.read("JWT_AUDIENCE", "keyhold", SettingParsers::nonBlank),
        r.read("ACCESS_TOKEN_TTL", "900", v -> duration(v, Duration.ofSeconds(30), Duration.ofDays(1))),
        r.read("REFRESH_TOKEN_TTL", "30d", v -> duration(v, Duration.ofMinutes(5), Duration.ofDays(400))),
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
        r.read("KEYHOLD_ENV", "development", SettingParsers::environment),
        database(r),
        r.read("KEYHOLD_DATA_DIR", "data", SettingParsers::directory),
        r.readOptional("KEY_ENCRYPTION_KEY", SettingParsers::keyEncryptionKey),
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
        IdentityProviderSettings.read(r));
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
