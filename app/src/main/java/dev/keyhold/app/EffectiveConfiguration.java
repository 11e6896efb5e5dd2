package dev.keyhold.app;

import dev.keyhold.adapter.oauth.GenericOidcSettings;
import dev.keyhold.identity.core.protection.RateLimits;
import dev.keyhold.identity.spi.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the {@code config} command prints: one {@code NAME=value} line per setting in {@link SettingCatalog#SETTINGS}
 * order, then one per setting of each generic OpenID Connect provider, then one per rate limit; secrets masked, {@code (default)} after values not set, {@code (unset)} for settings
 * without a value and for settings that do not apply ({@link SettingCatalog#applies}).
 */
final class EffectiveConfiguration {

  private EffectiveConfiguration() {}

  /** The lines for a configuration that was read without problems. */
  static List<String> lines(ConfigReader.Reading reading) {
    Map<String, String> env = reading.reader().env();
    Map<String, EnvironmentReader.Shown> shown = reading.reader().shown();
    List<String> lines = new ArrayList<>();
    for (String name : SettingCatalog.SETTINGS) {
      EnvironmentReader.Shown setting = SettingCatalog.applies(env, name) ? shown.get(name) : null;
      List<String> loaded = reading.config().extensions().loaded().getOrDefault(name, List.of());
      lines.add(name + "=" + (setting == null ? "(unset)"
          : setting.value() + (setting.fromDefault() ? "  (default)" : ""))
          + (loaded.isEmpty() ? "" : "  (loaded: " + String.join("; ", loaded) + ")"));
    }
    Config config = reading.config();
    for (GenericOidcSettings provider : config.identityProviders().generic()) {
      for (String field : SettingCatalog.OIDC_FIELDS) {
        String name = SettingCatalog.oidcVariable(provider.name(), field);
        lines.add(name + "=" + shown.get(name).value());
      }
    }
    RateLimits effectiveLimits = KeyholdServer.protectionSettings(config).rateLimits();
    for (String limit : new TreeSet<>(RateLimits.NAMES)) {
      RateLimiter.Limit rate = effectiveLimits.get(limit);
      lines.add(SettingCatalog.rateLimitVariable(limit) + "=" + rate.permits() + "/" + rate.period().toSeconds() + "s"
          + (config.rateLimits().containsKey(limit) ? "" : "  (default)"));
    }
    return lines;
  }
}
