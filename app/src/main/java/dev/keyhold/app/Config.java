package dev.keyhold.app;

import dev.keyhold.adapter.jdbi.DatabaseSettings;
import dev.keyhold.adapter.oauth.GenericOidcSettings;
import dev.keyhold.adapter.oauth.GoogleSettings;
import dev.keyhold.adapter.oauth.MicrosoftSettings;
import dev.keyhold.adapter.redis.RedisSettings;
import dev.keyhold.adapter.smtp.SmtpSettings;
import dev.keyhold.app.webhook.WebhookSettings;
import dev.keyhold.identity.core.crypto.Argon2Parameters;
import dev.keyhold.identity.core.crypto.HashingLimits;
import dev.keyhold.identity.core.crypto.SigningAlgorithm;
import dev.keyhold.identity.spi.KeyholdPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server's configuration, read from environment variables. {@link #fromEnvironment} checks everything and
 * reports every problem at once, one line each, instead of failing on the first. The names are listed in
 * {@link SettingCatalog}, single values parsed by {@link SettingParsers}, settings related by {@link CrossChecks}.
 */
public record Config(
    String host,
    int port,
    String publicUrl,
    String audience,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration refreshRetryGrace,
    Duration verifyEmailTtl,
    Duration resetPasswordTtl,
    boolean requireVerifiedEmail,
    SigningAlgorithm jwtAlgorithm,
    Argon2Parameters argon2,
    HashingLimits hashing,
    int httpThreads,
    String productName,
    Links links,
    Optional<String> pagesStylesheet,
    Environment environment,
    Optional<DatabaseSettings> database,
    Path dataDirectory,
    Optional<String> keyEncryptionKey,
    Optional<String> previousKeyEncryptionKey,
    Optional<Duration> keyRotationInterval,
    Optional<BootstrapAdmin> bootstrapAdmin,
    Optional<RedisSettings> redis,
    boolean redisFailOpen,
    List<String> trustedProxies,
    boolean refreshCookie,
    List<String> cookieOrigins,
    Lockout lockout,
    Map<String, Rate> rateLimits,
    Optional<SmtpSettings> smtp,
    boolean mailDelivery,
    LogFormat logFormat,
    boolean metricsEnabled,
    IdentityProviders identityProviders,
    Extensions extensions,
    Optional<WebhookSettings> webhook) {

  /**
   * This configuration with other identity providers. Tests use it to point Google at a stand-in provider, which no
   * setting does (production keeps Google's issuer).
   */
  Config withIdentityProviders(IdentityProviders providers) {
    return new Config(
        host, port, publicUrl, audience, accessTokenTtl, refreshTokenTtl, refreshRetryGrace, verifyEmailTtl,
        resetPasswordTtl,
        requireVerifiedEmail, jwtAlgorithm, argon2, hashing, httpThreads, productName, links, pagesStylesheet,
        environment, database, dataDirectory, keyEncryptionKey, previousKeyEncryptionKey, keyRotationInterval, bootstrapAdmin, redis,
        redisFailOpen, trustedProxies, refreshCookie, cookieOrigins, lockout, rateLimits, smtp, mailDelivery, logFormat, metricsEnabled, providers,
        extensions, webhook);
  }

  /**
   * The operator's extensions: the hooks of {@code HOOK_MODULES} (each an instance of one or more hook interfaces),
   * the plugins of {@code PLUGIN_MODULES} and {@code PLUGINS_DIR}, in that order, and the bound on one hook's run
   * ({@code HOOK_TIMEOUT}). Loaded, and constructed, when the configuration is read.
   *
   * @param loaded what each of the three settings loaded, one description per class or plugin, for {@code config}
   */
  public record Extensions(List<Object> hooks, List<KeyholdPlugin> plugins, Duration hookTimeout,
      Map<String, List<String>> loaded) {

    public Extensions {
      hooks = List.copyOf(hooks);
      plugins = List.copyOf(plugins);
      loaded = Map.copyOf(loaded);
    }

    /** No extension, the default timeout. */
    public static Extensions none() {
      return new Extensions(List.of(), List.of(), Duration.ofSeconds(2), Map.of());
    }

    @Override
    public String toString() {
      return "Extensions[loaded=" + new java.util.TreeMap<>(loaded) + ", hookTimeout=" + hookTimeout + "]";
    }
  }

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

  /**
   * The external identity providers users may sign in with, each enabled by complete settings
   * ({@link IdentityProviderSettings}). Their {@code toString} hides the client secrets.
   *
   * @param generic the providers {@code OIDC_PROVIDERS} lists, in its order
   */
  public record IdentityProviders(
      Optional<GoogleSettings> google, Optional<MicrosoftSettings> microsoft, List<GenericOidcSettings> generic) {

    public IdentityProviders {
      generic = List.copyOf(generic);
    }

    /** No provider: sign-in with passwords only. */
    public static IdentityProviders none() {
      return new IdentityProviders(Optional.empty(), Optional.empty(), List.of());
    }

    /** The enabled providers' names, in the order users see them: Google, Microsoft, then the listed ones. */
    public List<String> names() {
      List<String> names = new ArrayList<>();
      google.ifPresent(settings -> names.add("google"));
      microsoft.ifPresent(settings -> names.add("microsoft"));
      generic.forEach(settings -> names.add(settings.name()));
      return names;
    }
  }

  /**
   * The templates of the links Keyhold mails, each with {@code {token}} where the token goes: by default
   * {@code LINK_BASE_URL} (itself {@code PUBLIC_URL} by default) with Keyhold's own page paths, or the
   * {@code VERIFY_EMAIL_URL}, {@code RESET_PASSWORD_URL}, {@code INVITATION_URL} and {@code CHANGE_EMAIL_URL}
   * given. Never from a request.
   */
  public record Links(String verifyEmail, String resetPassword, String invitation, String changeEmail) {}

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
        + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl=" + refreshTokenTtl + ", refreshRetryGrace="
        + refreshRetryGrace + ", verifyEmailTtl=" + verifyEmailTtl + ", resetPasswordTtl=" + resetPasswordTtl
        + ", requireVerifiedEmail=" + requireVerifiedEmail + ", jwtAlgorithm=" + jwtAlgorithm
        + ", argon2=" + argon2 + ", hashing=" + hashing + ", httpThreads=" + httpThreads + ", productName="
        + productName + ", links=" + links + ", pagesStylesheet=" + pagesStylesheet.orElse("(Keyhold's)")
        + ", environment="
        + environment + ", database="
        + database.map(Object::toString).orElse("embedded") + ", dataDirectory=" + dataDirectory
        + ", keyEncryptionKey=" + keyEncryptionKey.map(k -> "***").orElse("(none)") + ", previousKeyEncryptionKey="
        + previousKeyEncryptionKey.map(k -> "***").orElse("(none)") + ", keyRotationInterval="
        + keyRotationInterval.map(Object::toString).orElse("(manual)") + ", bootstrapAdmin="
        + bootstrapAdmin.map(BootstrapAdmin::email).orElse("(none)") + ", redis="
        + redis.map(Object::toString).orElse("(in memory, per node)") + ", redisFailureMode="
        + (redisFailOpen ? "open" : "closed") + ", trustedProxies=" + trustedProxies + ", refreshCookie=" + refreshCookie
        + ", cookieOrigins=" + cookieOrigins + ", lockout=" + lockout
        + ", rateLimits=" + rateLimits + ", smtp=" + smtp.map(Object::toString).orElse("(log only)")
        + ", mailDelivery=" + mailDelivery + ", logFormat=" + logFormat + ", metricsEnabled=" + metricsEnabled
        + ", identityProviders=" + identityProviders.names() + ", extensions=" + extensions + ", webhook="
        + webhook.map(w -> w.url().getScheme() + "://" + w.url().getAuthority() + " " + (w.events().isEmpty()
            ? "(every event)" : w.events())).orElse("(none)") + "]";
  }

  /** Development allows conveniences (embedded database, logged mail); production refuses them. */
  public enum Environment {
    DEVELOPMENT,
    PRODUCTION
  }

  /**
   * Reads and checks the configuration ({@link ConfigReader}).
   *
   * @throws ConfigException naming every problem at once, one line each
   */
  public static Config fromEnvironment(Map<String, String> env) {
    return ConfigReader.read(env).config();
  }

  /**
   * The effective configuration, one {@code NAME=value} line per setting, secrets masked, each marked
   * {@code (default)} when not set; the {@code config} command prints it ({@link EffectiveConfiguration}).
   * Settings that do not apply (SMTP details without {@code SMTP_HOST}) show as {@code (unset)}.
   *
   * @throws ConfigException when the configuration is invalid, as {@link #fromEnvironment} does
   */
  public static List<String> effective(Map<String, String> env) {
    return EffectiveConfiguration.lines(ConfigReader.read(env));
  }
}
