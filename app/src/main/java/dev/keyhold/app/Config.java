package dev.keyhold.app;

import dev.keyhold.adapter.http.HttpApi;
import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.redis.RedisSettings;
import dev.keyhold.adapter.smtp.SmtpSettings;
import dev.keyhold.identity.core.crypto.Argon2Parameters;
import dev.keyhold.identity.core.crypto.HashingLimits;
import dev.keyhold.identity.core.crypto.KeyEncryption;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.spi.RateLimiter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's configuration, read from environment variables. {@link #fromEnvironment} checks everything and
 * reports every problem at once, one line each, instead of failing on the first.
 */
public record Config(
    String host,
    int port,
    String publicUrl,
    String audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration verifyEmailTtl,
    Duration resetPasswordTtl,
    boolean requireVerifiedEmail,
    SigningAlgorithm jwtAlgorithm,
    Argon2Parameters argon2,
    HashingLimits hashing,
    int httpThreads,
    String productName,
    Environment environment,
    Optional<DatabaseSettings> database,
    Path dataDirectory,
    Optional<String> keyEncryptionKey,
    Optional<Duration> keyRotationInterval,
    Optional<BootstrapAdmin> bootstrapAdmin,
    Optional<RedisSettings> redis,
    boolean redisFailOpen,
    List<String> trustedProxies,
    Lockout lockout,
    Map<String, Rate> rateLimits,
    Optional<SmtpSettings> smtp,
    boolean mailDelivery,
    LogFormat logFormat,
    boolean metricsEnabled) {

  /**
   * How log lines are written ({@code LOG_FORMAT}). Logback reads the variable itself, before this configuration
   * exists ({@link LogFormatDefiner}); reading it here too makes a wrong value stop start-up like any other.
   */
  public enum LogFormat {
    /** One JSON object per line, for log collectors. */
    JSON,
    /** One line of text, for people reading a terminal. */
    TEXT;

    /** Reads {@code json} or {@code text}, in any case. */
    static LogFormat parse(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "json" -> JSON;
        case "text" -> TEXT;
        default -> throw new IllegalArgumentException("expected json or text");
      };
    }
  }

  /** Failed-login lockout settings ({@code LOCKOUT_*}). */
  public record Lockout(int maxFailures, Duration initialWait, Duration maxWait, Duration reset) {}

  /** A rate limit override ({@code RATE_LIMIT_<NAME>=<permits>/<period>}). */
  public record Rate(int permits, Duration period) {}

  /** The administrator to ensure at start-up ({@code BOOTSTRAP_ADMIN_EMAIL} and {@code BOOTSTRAP_ADMIN_PASSWORD}). */
  public record BootstrapAdmin(String email, String password) {
    @Override
    public String toString() {
      return "BootstrapAdmin[email=" + email + ", password=***]";
    }
  }

  /** Every setting, with secrets masked: safe to log. */
  @Override
  public String toString() {
    return "Config[host=" + host + ", port=" + port + ", publicUrl=" + publicUrl + ", audience=" + audience
        + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl + ", verifyEmailTtl="
        + verifyEmailTtl + ", resetPasswordTtl=" + resetPasswordTtl + ", requireVerifiedEmail="
        + requireVerifiedEmail + ", jwtAlgorithm=" + jwtAlgorithm
        + ", argon2=" + argon2 + ", hashing=" + hashing + ", httpThreads=" + httpThreads + ", productName="
        + productName + ", environment="
        + environment + ", database="
        + database.map(Object::toString).orElse("embedded") + ", dataDirectory=" + dataDirectory
        + ", keyEncryptionKey=" + keyEncryptionKey.map(k -> "***").orElse("(none)") + ", keyRotationInterval="
        + keyRotationInterval.map(Object::toString).orElse("(manual)") + ", bootstrapAdmin="
        + bootstrapAdmin.map(BootstrapAdmin::email).orElse("(none)") + ", redis="
        + redis.map(Object::toString).orElse("(in memory, per node)") + ", redisFailureMode="
        + (redisFailOpen ? "open" : "closed") + ", trustedProxies=" + trustedProxies + ", lockout=" + lockout
        + ", rateLimits=" + rateLimits + ", smtp=" + smtp.map(Object::toString).orElse("(log only)")
        + ", mailDelivery=" + mailDelivery + ", logFormat=" + logFormat + ", metricsEnabled=" + metricsEnabled + "]";
  }

  /** Development allows conveniences (embedded database, logged mail); production refuses them. */
  public enum Environment {
    DEVELOPMENT,
    PRODUCTION
  }

  /** Every variable this version reads. Unknown {@code KEYHOLD_*} variables are rejected as likely typos. */
  static final Set<String> KNOWN_KEYHOLD_VARIABLES = Set.of("KEYHOLD_ENV", "KEYHOLD_DATA_DIR");

  /**
   * Every setting this version reads, in the order {@link #effective} lists them, but for the
   * {@code RATE_LIMIT_<NAME>} family. Reading a name missing here is a bug that the tests catch.
   */
  static final List<String> SETTINGS = List.of("PORT", "HOST", "PUBLIC_URL", "JWT_AUDIENCE", "JWT_ALGORITHM",
      "ACCESS_TOKEN_TTL", "REFRESH_TOKEN_TTL", "VERIFY_EMAIL_TTL", "RESET_PASSWORD_TTL", "REQUIRE_VERIFIED_EMAIL",
      "ARGON2_MEMORY_KIB", "ARGON2_ITERATIONS", "ARGON2_PARALLELISM", "HASH_CONCURRENCY", "HASH_QUEUE",
      "HASH_QUEUE_WAIT", "HTTP_THREADS", "PRODUCT_NAME", "KEYHOLD_ENV", "DATABASE_URL",
      "DATABASE_POOL_SIZE", "KEYHOLD_DATA_DIR", "KEY_ENCRYPTION_KEY", "KEY_ROTATION_INTERVAL", "BOOTSTRAP_ADMIN_EMAIL",
      "BOOTSTRAP_ADMIN_PASSWORD", "REDIS_URL", "REDIS_FAILURE_MODE", "TRUSTED_PROXIES", "LOCKOUT_MAX_FAILURES",
      "LOCKOUT_WAIT", "LOCKOUT_MAX_WAIT", "LOCKOUT_RESET", "SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USERNAME",
      "SMTP_PASSWORD", "SMTP_FROM", "SMTP_TIMEOUT", "MAIL_DELIVERY", "LOG_FORMAT", "METRICS_ENABLED");

  /** Settings whose values are secrets: {@link #effective} shows only whether they are set. */
  static final Set<String> SECRET_SETTINGS = Set.of("KEY_ENCRYPTION_KEY", "BOOTSTRAP_ADMIN_PASSWORD", "SMTP_PASSWORD");

  /** Settings holding URLs that may carry credentials: {@link #effective} masks the password in them. */
  static final Set<String> URL_SETTINGS = Set.of("DATABASE_URL", "REDIS_URL");

  /** The default {@code HTTP_THREADS} leaves this many threads free when every hashing slot and queue place is taken. */
  static final int HTTP_THREADS_BESIDE_HASHING = 32;

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

  /** Reads and validates the configuration. */
  public static Config fromEnvironment(Map<String, String> env) {
    return read(env).config();
  }

  /**
   * The effective configuration, one {@code NAME=value} line per setting, secrets masked, each marked
   * {@code (default)} when not set; the {@code config} command prints it. Settings that do not apply (SMTP details
   * without {@code SMTP_HOST}) show as {@code (unset)}.
   *
   * @throws ConfigException when the configuration is invalid, as {@link #fromEnvironment} does
   */
  public static List<String> effective(Map<String, String> env) {
    Reading reading = read(env);
    List<String> lines = new ArrayList<>();
    for (String name : SETTINGS) {
      Shown shown = reading.reader().shown.get(name);
      lines.add(name + "=" + (shown == null ? "(unset)" : shown.value() + (shown.fromDefault() ? "  (default)" : "")));
    }
    RateLimits effectiveLimits = KeyholdServer.protectionSettings(reading.config()).rateLimits();
    for (String limit : new TreeSet<>(RateLimits.NAMES)) {
      RateLimiter.Limit rate = effectiveLimits.get(limit);
      lines.add("RATE_LIMIT_" + limit.toUpperCase(Locale.ROOT).replace('-', '_') + "=" + rate.permits() + "/"
          + rate.period().toSeconds() + "s" + (reading.config().rateLimits().containsKey(limit) ? "" : "  (default)"));
    }
    return lines;
  }

  private record Shown(String value, boolean fromDefault) {}

  private record Reading(Config config, Reader reader) {}

  private static Reading read(Map<String, String> env) {
    Reader r = new Reader(env);
    int port = r.read("PORT", "8080", Config::port);
    String publicUrl = r.read("PUBLIC_URL", "http://localhost:" + port, Config::url);
    HashingLimits hashing = hashing(r);
    Config config = new Config(
        r.read("HOST", "0.0.0.0", Config::host),
        port,
        publicUrl,
        r.read("JWT_AUDIENCE", "keyhold", Config::nonBlank),
        r.read("ACCESS_TOKEN_TTL", "900", v -> duration(v, Duration.ofSeconds(30), Duration.ofDays(1))),
        r.read("REFRESH_TOKEN_TTL", "30d", v -> duration(v, Duration.ofMinutes(5), Duration.ofDays(400))),
        r.read("VERIFY_EMAIL_TTL", "24h", v -> duration(v, Duration.ofMinutes(5), Duration.ofDays(30))),
        r.read("RESET_PASSWORD_TTL", "30m", v -> duration(v, Duration.ofMinutes(5), Duration.ofHours(24))),
        r.read("REQUIRE_VERIFIED_EMAIL", "true", Config::bool),
        r.read("JWT_ALGORITHM", "RS256", Config::algorithm),
        new Argon2Parameters(
            r.read("ARGON2_MEMORY_KIB", "19456", v -> integer(v, 8192, 4_194_304)),
            r.read("ARGON2_ITERATIONS", "2", v -> integer(v, 1, 100)),
            r.read("ARGON2_PARALLELISM", "1", v -> integer(v, 1, 64))),
        hashing,
        r.read("HTTP_THREADS", Integer.toString(HTTP_THREADS_BESIDE_HASHING + hashing.concurrency() + hashing.queue()),
            v -> integer(v, HttpApi.MIN_REQUEST_THREADS, HttpApi.MAX_REQUEST_THREADS)),
        r.read("PRODUCT_NAME", "Keyhold", Config::nonBlank),
        r.read("KEYHOLD_ENV", "development", Config::environment),
        r.readOptional("DATABASE_URL", v -> DatabaseSettings.fromUrl(v)
            .withMaxPoolSize(r.read("DATABASE_POOL_SIZE", "10", p -> integer(p, 1, 200)))),
        r.read("KEYHOLD_DATA_DIR", "data", Config::directory),
        r.readOptional("KEY_ENCRYPTION_KEY", Config::keyEncryptionKey),
        r.readOptional("KEY_ROTATION_INTERVAL", v -> duration(v, Duration.ofHours(1), Duration.ofDays(400))),
        bootstrapAdmin(env, r),
        r.readOptional("REDIS_URL", RedisSettings::fromUrl),
        r.read("REDIS_FAILURE_MODE", "closed", Config::failureMode),
        r.read("TRUSTED_PROXIES", "", Config::list),
        new Lockout(
            r.read("LOCKOUT_MAX_FAILURES", "5", v -> integer(v, 1, 100)),
            r.read("LOCKOUT_WAIT", "60", v -> duration(v, Duration.ofSeconds(1), Duration.ofDays(1))),
            r.read("LOCKOUT_MAX_WAIT", "15m", v -> duration(v, Duration.ofSeconds(1), Duration.ofDays(7))),
            r.read("LOCKOUT_RESET", "12h", v -> duration(v, Duration.ofMinutes(1), Duration.ofDays(30)))),
        rateLimits(env, r),
        smtp(env, r),
        r.read("MAIL_DELIVERY", "true", Config::bool),
        r.read("LOG_FORMAT", "json", LogFormat::parse),
        r.read("METRICS_ENABLED", "true", Config::bool));
    if (config.environment() == Environment.PRODUCTION && config.smtp().isEmpty()) {
      r.problems.add("SMTP_HOST: required with KEYHOLD_ENV=production (the development mailer writes links to the log)");
    }
    if (config.lockout().maxWait().compareTo(config.lockout().initialWait()) < 0) {
      r.problems.add("LOCKOUT_MAX_WAIT: must not be shorter than LOCKOUT_WAIT");
    }
    if (config.environment() == Environment.PRODUCTION) {
      if (config.database().isEmpty()) {
        r.problems.add("DATABASE_URL: required with KEYHOLD_ENV=production (the embedded database is for development)");
      }
      if (config.keyEncryptionKey().isEmpty()) {
        r.problems.add("KEY_ENCRYPTION_KEY: required with KEYHOLD_ENV=production");
      }
      if (env.get("PUBLIC_URL") == null || env.get("PUBLIC_URL").isBlank()) {
        r.problems.add("PUBLIC_URL: required with KEYHOLD_ENV=production (it is the token issuer, and every node "
            + "must use the same one)");
      }
    } else if (config.database().isPresent() && config.keyEncryptionKey().isEmpty()) {
      r.problems.add("KEY_ENCRYPTION_KEY: required with DATABASE_URL (32 random bytes, base64), so that every node "
          + "can open the shared signing keys");
    }
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith("KEYHOLD_") && !KNOWN_KEYHOLD_VARIABLES.contains(name)) {
        r.problems.add(name + ": unknown setting (known KEYHOLD_ settings: " + new TreeSet<>(KNOWN_KEYHOLD_VARIABLES)
            + ")");
      }
    }
    if (!r.problems.isEmpty()) {
      throw new ConfigException(r.problems);
    }
    return new Reading(config, r);
  }

  /**
   * Collects problems while reading; a failed read yields a placeholder so reading can go on. Remembers what it read
   * (masked) for {@link #effective}.
   */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Shown> shown = new java.util.HashMap<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    /** Reads a secret as is: empty when unset or empty. Only whether it is set is remembered. */
    Optional<String> readSecret(String name) {
      Optional<String> value = Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
      remember(name, value.orElse(null), "(unset)");
      return value;
    }

    /** Reads a variable that has no default: empty when unset or blank. */
    <T> Optional<T> readOptional(String name, Function<String, T> parse) {
      String raw = env.get(name);
      remember(name, raw == null || raw.isBlank() ? null : raw.strip(), "(unset)");
      if (raw == null || raw.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(parse.apply(raw.strip()));
      } catch (IllegalArgumentException e) {
        problems.add(name + ": " + e.getMessage());
        return Optional.empty();
      }
    }

    <T> T read(String name, String fallback, Function<String, T> parse) {
      String raw = env.get(name);
      String value = raw == null || raw.isBlank() ? fallback : raw.strip();
      remember(name, raw == null || raw.isBlank() ? null : value, fallback);
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        problems.add(name + "=" + printable(value) + ": " + e.getMessage());
        return parse.apply(fallback);
      }
    }

    /** Records what {@code name} is, {@code value} or, when that is null, {@code fallback} as a default. */
    private void remember(String name, String value, String fallback) {
      if (!SETTINGS.contains(name) && !name.startsWith("RATE_LIMIT_")) {
        throw new IllegalStateException("setting " + name + " is missing from Config.SETTINGS");
      }
      String shownValue = value == null ? fallback : value;
      if (value != null && SECRET_SETTINGS.contains(name)) {
        shownValue = "***";
      } else if (value != null && URL_SETTINGS.contains(name)) {
        shownValue = maskedUrl(value);
      }
      shown.put(name, new Shown(shownValue, value == null && !fallback.startsWith("(")));
    }
  }

  /** {@code url} with the password of its user-info and any {@code password} query parameter replaced by ***. */
  static String maskedUrl(String url) {
    String masked = url.replaceAll("(?<=://)([^/@:]*):[^/@]*@", "$1:***@");
    return masked.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  private static String printable(String value) {
    String shown = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }

  /**
   * {@code HASH_CONCURRENCY} (default: the available processors), {@code HASH_QUEUE} (default:
   * {@value HashingLimits#QUEUE_PER_SLOT} per concurrent hash) and {@code HASH_QUEUE_WAIT} (default 1 s).
   */
  private static HashingLimits hashing(Reader r) {
    HashingLimits defaults = HashingLimits.defaults();
    int concurrency = r.read("HASH_CONCURRENCY", Integer.toString(defaults.concurrency()),
        v -> integer(v, 1, HashingLimits.MAX_CONCURRENCY));
    int queue = r.read("HASH_QUEUE", Integer.toString(HashingLimits.QUEUE_PER_SLOT * concurrency),
        v -> integer(v, 0, HashingLimits.MAX_QUEUE));
    Duration wait = r.read("HASH_QUEUE_WAIT", HashingLimits.DEFAULT_WAIT.toMillis() + "ms",
        v -> duration(v, Duration.ofMillis(1), HashingLimits.MAX_WAIT));
    return new HashingLimits(concurrency, queue, wait);
  }

  private static Optional<BootstrapAdmin> bootstrapAdmin(Map<String, String> env, Reader r) {
    Optional<String> email = r.readOptional("BOOTSTRAP_ADMIN_EMAIL", Config::nonBlank);
    Optional<String> password = r.readSecret("BOOTSTRAP_ADMIN_PASSWORD");
    if (email.isPresent() != password.isPresent()) {
      r.problems.add("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD: set both or neither");
      return Optional.empty();
    }
    return email.map(e -> new BootstrapAdmin(e, password.get()));
  }

  private static Optional<SmtpSettings> smtp(Map<String, String> env, Reader r) {
    Optional<String> host = r.readOptional("SMTP_HOST", Config::host);
    if (host.isEmpty()) {
      for (String name : List.of("SMTP_PORT", "SMTP_SECURITY", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_FROM")) {
        if (env.get(name) != null && !env.get(name).isBlank()) {
          r.problems.add(name + ": set without SMTP_HOST");
        }
      }
      return Optional.empty();
    }
    SmtpSettings.Security security = r.read("SMTP_SECURITY", "starttls", Config::smtpSecurity);
    int port = r.read("SMTP_PORT", security == SmtpSettings.Security.TLS ? "465" : "587", Config::port);
    Optional<String> from = r.readOptional("SMTP_FROM", Config::nonBlank);
    if (from.isEmpty()) {
      r.problems.add("SMTP_FROM: required with SMTP_HOST (the sender address, for example Keyhold <no-reply@example.com>)");
      return Optional.empty();
    }
    Duration timeout = r.read("SMTP_TIMEOUT", "10s", v -> duration(v, Duration.ofMillis(100), Duration.ofMinutes(2)));
    Optional<String> username = r.readOptional("SMTP_USERNAME", Config::nonBlank);
    Optional<String> password = r.readSecret("SMTP_PASSWORD");
    if (username.isPresent() != password.isPresent()) {
      r.problems.add("SMTP_USERNAME and SMTP_PASSWORD: set both or neither");
      return Optional.empty();
    }
    try {
      SmtpSettings settings = SmtpSettings.of(host.get(), port, security, from.get()).withTimeouts(timeout, timeout);
      return Optional.of(username.isPresent() ? settings.withCredentials(username.get(), password.get()) : settings);
    } catch (IllegalArgumentException e) {
      r.problems.add("SMTP_*: " + e.getMessage());
      return Optional.empty();
    }
  }

  static SmtpSettings.Security smtpSecurity(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "starttls" -> SmtpSettings.Security.STARTTLS;
      case "tls", "ssl" -> SmtpSettings.Security.TLS;
      case "none" -> SmtpSettings.Security.NONE;
      default -> throw new IllegalArgumentException("expected starttls, tls or none");
    };
  }

  private static final Pattern RATE = Pattern.compile("(\\d{1,6})/(.+)");

  private static Map<String, Rate> rateLimits(Map<String, String> env, Reader r) {
    Map<String, Rate> limits = new java.util.TreeMap<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (!name.startsWith("RATE_LIMIT_")) {
        continue;
      }
      String limit = name.substring("RATE_LIMIT_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
      if (!RateLimits.NAMES.contains(limit)) {
        r.problems.add(name + ": unknown rate limit (known: " + new TreeSet<>(RateLimits.NAMES).stream()
            .map(n -> "RATE_LIMIT_" + n.toUpperCase(Locale.ROOT).replace('-', '_')).toList() + ")");
        continue;
      }
      Rate rate = r.readOptional(name, Config::rate).orElse(null);
      if (rate != null) {
        limits.put(limit, rate);
      }
    }
    return limits;
  }

  static Rate rate(String value) {
    Matcher m = RATE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected <requests>/<period>, for example 20/1m");
    }
    return new Rate(integer(m.group(1), 1, 1_000_000), duration(m.group(2), Duration.ofSeconds(1), Duration.ofDays(1)));
  }

  static boolean failureMode(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "open" -> true;
      case "closed" -> false;
      default -> throw new IllegalArgumentException("expected open or closed");
    };
  }

  static List<String> list(String value) {
    return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  static Path directory(String value) {
    try {
      return Path.of(value).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("expected a directory path");
    }
  }

  static String keyEncryptionKey(String value) {
    KeyEncryption.fromBase64(value);
    return value;
  }

  static int port(String value) {
    return integer(value, 0, 65535);
  }

  static int integer(String value, int min, int max) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }
    return parsed;
  }

  static String host(String value) {
    if (!value.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
      throw new IllegalArgumentException("expected a host name or IP address");
    }
    return value;
  }

  static String nonBlank(String value) {
    if (value.isBlank() || value.length() > 200) {
      throw new IllegalArgumentException("expected a non-empty value of at most 200 characters");
    }
    return value;
  }

  static String url(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new IllegalArgumentException("bad");
      }
      return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException("expected an absolute http(s) URL without query or fragment");
    }
  }

  /** Accepts whole seconds ({@code 900}), a number with a unit ({@code 15m}, {@code 12h}, {@code 30d}) or ISO-8601. */
  static Duration duration(String value, Duration min, Duration max) {
    Duration parsed;
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      parsed = switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofSeconds(amount);
      };
    } else {
      try {
        parsed = Duration.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("expected a duration such as 900 (seconds), 15m, 12h, 30d or PT15M");
      }
    }
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw new IllegalArgumentException("expected a duration from " + min + " to " + max);
    }
    return parsed;
  }

  static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  static SigningAlgorithm algorithm(String value) {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      if (algorithm.name().equalsIgnoreCase(value)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("expected one of RS256, ES256, EdDSA");
  }

  static Environment environment(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "development", "dev" -> Environment.DEVELOPMENT;
      case "production", "prod" -> Environment.PRODUCTION;
      default -> throw new IllegalArgumentException("expected development or production");
    };
  }
}
