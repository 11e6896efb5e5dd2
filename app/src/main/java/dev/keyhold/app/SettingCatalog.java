package dev.keyhold.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names the server reads, which of them are secret, and which apply only beside (or only without) another.
 * Knows nothing about values; {@link ConfigReader} parses them and {@link CrossChecks} relates them.
 */
final class SettingCatalog {

  /** Every variable this version reads. Unknown {@code KEYHOLD_*} variables are rejected as likely typos. */
  static final Set<String> KNOWN_KEYHOLD_VARIABLES = Set.of("KEYHOLD_ENV", "KEYHOLD_DATA_DIR");

  /**
   * Every setting this version reads, in the order the {@code config} command lists them, but for the
   * {@code RATE_LIMIT_<NAME>} and {@code OIDC_<NAME>_<FIELD>} families. Reading a name missing here is a bug that the tests catch.
   */
  static final List<String> SETTINGS = List.of("PORT", "HOST", "PUBLIC_URL", "JWT_AUDIENCE", "JWT_ALGORITHM",
      "ACCESS_TOKEN_TTL", "REFRESH_TOKEN_TTL", "REFRESH_RETRY_GRACE", "VERIFY_EMAIL_TTL", "RESET_PASSWORD_TTL",
      "REQUIRE_VERIFIED_EMAIL",
      "ARGON2_MEMORY_KIB", "ARGON2_ITERATIONS", "ARGON2_PARALLELISM", "HASH_CONCURRENCY", "HASH_QUEUE",
      "HASH_QUEUE_WAIT", "HTTP_THREADS", "PRODUCT_NAME", "LINK_BASE_URL", "VERIFY_EMAIL_URL", "RESET_PASSWORD_URL",
      "INVITATION_URL", "CHANGE_EMAIL_URL", "PAGES_STYLESHEET_URL", "KEYHOLD_ENV", "DATABASE_URL",
      "DATABASE_POOL_SIZE", "KEYHOLD_DATA_DIR", "KEY_ENCRYPTION_KEY", "KEY_ENCRYPTION_KEY_PREVIOUS",
      "KEY_ROTATION_INTERVAL", "BOOTSTRAP_ADMIN_EMAIL",
      "BOOTSTRAP_ADMIN_PASSWORD", "REDIS_URL", "REDIS_FAILURE_MODE", "TRUSTED_PROXIES", "REFRESH_COOKIE",
      "COOKIE_ORIGINS", "LOCKOUT_MAX_FAILURES",
      "LOCKOUT_WAIT", "LOCKOUT_MAX_WAIT", "LOCKOUT_RESET", "SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USERNAME",
      "SMTP_PASSWORD", "SMTP_FROM", "SMTP_TIMEOUT", "MAIL_DELIVERY", "LOG_FORMAT", "METRICS_ENABLED",
      "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_REDIRECT_URI", "GOOGLE_HOSTED_DOMAIN", "MICROSOFT_CLIENT_ID",
      "MICROSOFT_CLIENT_SECRET", "MICROSOFT_REDIRECT_URI", "MICROSOFT_TENANT", "MICROSOFT_ALLOWED_TENANTS",
      "MICROSOFT_AUTHORITY_HOST", "OIDC_PROVIDERS", "HOOK_MODULES", "PLUGIN_MODULES", "PLUGINS_DIR", "HOOK_TIMEOUT",
      "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_EVENTS", "WEBHOOK_ALLOW_PRIVATE");

  /** The prefix of the rate-limit overrides, {@code RATE_LIMIT_LOGIN_IP} and the like. */
  static final String RATE_LIMIT_PREFIX = "RATE_LIMIT_";

  /** The prefix of the generic OpenID Connect providers' settings, {@code OIDC_ACME_ISSUER} and the like. */
  static final String OIDC_PREFIX = "OIDC_";

  /** The list of generic OpenID Connect providers, whose names make the {@code OIDC_<NAME>_<FIELD>} settings. */
  static final String OIDC_PROVIDERS = "OIDC_PROVIDERS";

  /** The settings of each generic provider, every one required: {@code OIDC_<NAME>_<FIELD>}. */
  static final List<String> OIDC_FIELDS = List.of("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "REDIRECT_URI",
      "DISPLAY_NAME");

  /**
   * Settings whose values are secrets: the {@code config} command shows only whether they are set. So are the
   * {@code OIDC_<NAME>_CLIENT_SECRET} settings ({@link #isSecret}).
   */
  static final Set<String> SECRET_SETTINGS = Set.of("KEY_ENCRYPTION_KEY", "KEY_ENCRYPTION_KEY_PREVIOUS",
      "BOOTSTRAP_ADMIN_PASSWORD", "SMTP_PASSWORD",
      "GOOGLE_CLIENT_SECRET", "MICROSOFT_CLIENT_SECRET", "WEBHOOK_SECRET");

  /** Settings holding URLs that may carry credentials: the {@code config} command masks the password in them. */
  static final Set<String> URL_SETTINGS = Set.of("DATABASE_URL", "REDIS_URL");

  /**
   * Settings that take effect only beside another one, which each names. Given without it they are refused (after
   * their value is checked like any other), so that a setting that would do nothing never passes silently.
   */
  static final Map<String, String> APPLIES_ONLY_WITH = ordered(
      "DATABASE_POOL_SIZE", "DATABASE_URL",
      "KEY_ENCRYPTION_KEY_PREVIOUS", "KEY_ENCRYPTION_KEY",
      "REDIS_FAILURE_MODE", "REDIS_URL",
      "SMTP_PORT", "SMTP_HOST",
      "SMTP_SECURITY", "SMTP_HOST",
      "SMTP_USERNAME", "SMTP_HOST",
      "SMTP_PASSWORD", "SMTP_HOST",
      "SMTP_FROM", "SMTP_HOST",
      "SMTP_TIMEOUT", "SMTP_HOST",
      "GOOGLE_HOSTED_DOMAIN", "GOOGLE_CLIENT_ID",
      "MICROSOFT_ALLOWED_TENANTS", "MICROSOFT_CLIENT_ID",
      "MICROSOFT_AUTHORITY_HOST", "MICROSOFT_CLIENT_ID",
      "WEBHOOK_SECRET", "WEBHOOK_URL",
      "WEBHOOK_EVENTS", "WEBHOOK_URL",
      "WEBHOOK_ALLOW_PRIVATE", "WEBHOOK_URL");

  /** The per-purpose link templates; {@code LINK_BASE_URL} applies only to the links without one. */
  static final List<String> LINK_TEMPLATES =
      List.of("VERIFY_EMAIL_URL", "RESET_PASSWORD_URL", "INVITATION_URL", "CHANGE_EMAIL_URL");

  /** Settings holding addresses users' browsers open: https only with {@code KEYHOLD_ENV=production}. */
  static final List<String> BROWSER_URL_SETTINGS = List.of("LINK_BASE_URL", "VERIFY_EMAIL_URL", "RESET_PASSWORD_URL",
      "INVITATION_URL", "CHANGE_EMAIL_URL", "PAGES_STYLESHEET_URL", "COOKIE_ORIGINS");

  /** Settings that take effect only without another one, which each names; given with it they are refused. */
  static final Map<String, String> APPLIES_ONLY_WITHOUT = ordered("KEYHOLD_DATA_DIR", "DATABASE_URL");

  private SettingCatalog() {}

  /** Whether {@code env} gives {@code name} a value: set and not blank (a secret: set and not empty). */
  static boolean given(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && (isSecret(name) ? !value.isEmpty() : !value.isBlank());
  }

  /** Whether {@code name} holds a secret: one of {@link #SECRET_SETTINGS} or an {@code OIDC_<NAME>_CLIENT_SECRET}. */
  static boolean isSecret(String name) {
    return SECRET_SETTINGS.contains(name) || name.startsWith(OIDC_PREFIX) && name.endsWith("_CLIENT_SECRET");
  }

  /** Whether {@code name} takes effect in {@code env}: what it needs is given and what replaces it is not. */
  static boolean applies(Map<String, String> env, String name) {
    Optional<String> needs = Optional.ofNullable(APPLIES_ONLY_WITH.get(name));
    Optional<String> replacedBy = Optional.ofNullable(APPLIES_ONLY_WITHOUT.get(name));
    return needs.map(other -> given(env, other)).orElse(true)
        && replacedBy.map(other -> !given(env, other)).orElse(true);
  }

  /**
   * Whether the server reads {@code name}: one of {@link #SETTINGS}, a {@code RATE_LIMIT_} override or a generic
   * provider's {@code OIDC_} setting.
   */
  static boolean isRead(String name) {
    return SETTINGS.contains(name) || name.startsWith(RATE_LIMIT_PREFIX) || name.startsWith(OIDC_PREFIX);
  }

  /** The setting {@code field} of the generic provider {@code provider}: {@code my-idp} has {@code OIDC_MY_IDP_ISSUER}. */
  static String oidcVariable(String provider, String field) {
    return OIDC_PREFIX + provider.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + field;
  }

  /** The variable overriding the rate limit {@code limit}: {@code login-ip} is {@code RATE_LIMIT_LOGIN_IP}. */
  static String rateLimitVariable(String limit) {
    return RATE_LIMIT_PREFIX + limit.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The rate limit a {@code RATE_LIMIT_} variable overrides: {@code RATE_LIMIT_LOGIN_IP} is {@code login-ip}. */
  static String rateLimitName(String variable) {
    return variable.substring(RATE_LIMIT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
