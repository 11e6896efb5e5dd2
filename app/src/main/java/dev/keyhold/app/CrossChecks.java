package dev.keyhold.app;

import dev.keyhold.identity.core.crypto.KeyEncryption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules that relate settings to each other: what production requires, what goes in pairs, what applies only
 * beside (or only without) another setting, and which {@code KEYHOLD_*} names exist. Each value has already been
 * checked on its own; these look at which settings are given and at the parsed configuration. Pure.
 */
final class CrossChecks {

  private CrossChecks() {}

  /**
   * The problems of {@code config}, read from {@code env}, one line each; empty when there are none.
   *
   * @param config what was read, with defaults in place of values that did not parse
   */
  static List<String> problems(Config config, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    pairs(env, problems);
    settingsThatDoNotApply(env, problems);
    if (given(env, "SMTP_HOST") && !given(env, "SMTP_FROM")) {
      problems.add(
          "SMTP_FROM: required with SMTP_HOST (the sender address, for example Keyhold <no-reply@example.com>)");
    }
    if (given(env, "LINK_BASE_URL") && SettingCatalog.LINK_TEMPLATES.stream().allMatch(name -> given(env, name))) {
      problems.add("LINK_BASE_URL: set with " + String.join(", ", SettingCatalog.LINK_TEMPLATES)
          + " (it applies only to links without a template of their own)");
    }
    refreshCookie(config, env, problems);
    if (config.keyEncryptionKey().isPresent() && config.previousKeyEncryptionKey().isPresent()
        && KeyEncryption.fromBase64(config.keyEncryptionKey().get()).keyId()
            .equals(KeyEncryption.fromBase64(config.previousKeyEncryptionKey().get()).keyId())) {
      problems.add("KEY_ENCRYPTION_KEY_PREVIOUS: is the same key as KEY_ENCRYPTION_KEY (set it to the key being"
          + " replaced, or leave it unset)");
    }
    if (config.lockout().maxWait().compareTo(config.lockout().initialWait()) < 0) {
      problems.add("LOCKOUT_MAX_WAIT: must not be shorter than LOCKOUT_WAIT");
    }
    if (config.environment() == Config.Environment.PRODUCTION) {
      production(env, problems);
    } else if (given(env, "DATABASE_URL") && !given(env, "KEY_ENCRYPTION_KEY")) {
      problems.add("KEY_ENCRYPTION_KEY: required with DATABASE_URL (32 random bytes, base64), so that every node "
          + "can open the shared signing keys");
    }
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith("KEYHOLD_") && !SettingCatalog.KNOWN_KEYHOLD_VARIABLES.contains(name)) {
        problems.add(name + ": unknown setting (known KEYHOLD_ settings: "
            + new TreeSet<>(SettingCatalog.KNOWN_KEYHOLD_VARIABLES) + ")");
      }
    }
    return problems;
  }

  private static void pairs(Map<String, String> env, List<String> problems) {
    if (given(env, "BOOTSTRAP_ADMIN_EMAIL") != given(env, "BOOTSTRAP_ADMIN_PASSWORD")) {
      problems.add("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD: set both or neither");
    }
    if (given(env, "SMTP_HOST") && given(env, "SMTP_USERNAME") != given(env, "SMTP_PASSWORD")) {
      problems.add("SMTP_USERNAME and SMTP_PASSWORD: set both or neither");
    }
  }

  /** A setting given where it would do nothing is refused, so that it never passes silently. */
  private static void settingsThatDoNotApply(Map<String, String> env, List<String> problems) {
    SettingCatalog.APPLIES_ONLY_WITH.forEach((name, needed) -> {
      if (given(env, name) && !given(env, needed)) {
        problems.add(name + ": set without " + needed);
      }
    });
    SettingCatalog.APPLIES_ONLY_WITHOUT.forEach((name, replacement) -> {
      if (given(env, name) && given(env, replacement)) {
        problems.add(name + ": set with " + replacement + " (it applies only without " + replacement + ")");
      }
    });
  }

  /**
   * {@code COOKIE_ORIGINS} only with {@code REFRESH_COOKIE=true}; and the cookie, {@code Secure} unless
   * {@code PUBLIC_URL} is plain http on the loopback, needs an https {@code PUBLIC_URL} anywhere else, or browsers
   * would drop it.
   */
  private static void refreshCookie(Config config, Map<String, String> env, List<String> problems) {
    if (given(env, "COOKIE_ORIGINS") && !config.refreshCookie()) {
      problems.add("COOKIE_ORIGINS: set without REFRESH_COOKIE=true");
    }
    if (config.refreshCookie() && config.publicUrl().toLowerCase(Locale.ROOT).startsWith("http://")
        && KeyholdServer.secureCookie(config.publicUrl())) {
      problems.add("REFRESH_COOKIE: needs an https PUBLIC_URL (the cookie is Secure, which browsers drop over plain "
          + "http; only http://localhost is exempt, for development)");
    }
  }

  private static void production(Map<String, String> env, List<String> problems) {
    if (!given(env, "SMTP_HOST")) {
      problems.add("SMTP_HOST: required with KEYHOLD_ENV=production (the development mailer writes links to the log)");
    }
    if (!given(env, "DATABASE_URL")) {
      problems.add("DATABASE_URL: required with KEYHOLD_ENV=production (the embedded database is for development)");
    }
    if (!given(env, "KEY_ENCRYPTION_KEY")) {
      problems.add("KEY_ENCRYPTION_KEY: required with KEYHOLD_ENV=production");
    }
    if (!given(env, "PUBLIC_URL")) {
      problems.add("PUBLIC_URL: required with KEYHOLD_ENV=production (it is the token issuer, and every node "
          + "must use the same one)");
    }
    if (given(env, "WEBHOOK_URL") && !env.get("WEBHOOK_URL").strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
      problems.add("WEBHOOK_URL: must be an https URL with KEYHOLD_ENV=production (events carry users' addresses)");
    }
    for (String name : SettingCatalog.BROWSER_URL_SETTINGS) {
      if (given(env, name) && !env.get(name).strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
        problems.add(name + ": must be an https URL with KEYHOLD_ENV=production (browsers open it"
            + (name.equals("PAGES_STYLESHEET_URL") ? ")" : ", with a one-time token in it)"));
      }
    }
  }

  private static boolean given(Map<String, String> env, String name) {
    return SettingCatalog.given(env, name);
  }
}
