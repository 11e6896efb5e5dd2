package dev.keyhold.app;

import dev.keyhold.adapter.oauth.GenericOidcSettings;
import dev.keyhold.adapter.oauth.GoogleSettings;
import dev.keyhold.adapter.oauth.MicrosoftSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads the external identity providers: Google ({@code GOOGLE_*}), Microsoft Entra ID ({@code MICROSOFT_*}) and the
 * generic OpenID Connect providers listed in {@code OIDC_PROVIDERS} ({@code OIDC_<NAME>_*}). A provider is enabled
 * when its required settings are all given; some but not all of them is a problem naming the missing ones, so that a
 * half-configured provider stops start-up instead of silently staying off. Every value is checked whether or not its
 * provider is complete. The settings records of adapter-oauth check what belongs together (https redirect URIs, a
 * tenant and its allow-list); their refusals are reported under the provider's prefix.
 */
final class IdentityProviderSettings {

  static final List<String> GOOGLE_REQUIRED = List.of("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_REDIRECT_URI");
  static final List<String> MICROSOFT_REQUIRED = List.of("MICROSOFT_CLIENT_ID", "MICROSOFT_CLIENT_SECRET",
      "MICROSOFT_REDIRECT_URI", "MICROSOFT_TENANT");

  /** The built-in providers' names, which a generic provider may not take. */
  private static final Set<String> RESERVED = Set.of("google", "microsoft");
  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");

  private IdentityProviderSettings() {}

  static Config.IdentityProviders read(EnvironmentReader r) {
    Optional<GoogleSettings> google = google(r);
    Optional<MicrosoftSettings> microsoft = microsoft(r);
    List<GenericOidcSettings> generic = generic(r);
    return new Config.IdentityProviders(google, microsoft, generic);
  }

  private static Optional<GoogleSettings> google(EnvironmentReader r) {
    Optional<String> clientId = r.readOptional("GOOGLE_CLIENT_ID", SettingParsers::nonBlank);
    Optional<String> secret = r.readSecret("GOOGLE_CLIENT_SECRET");
    Optional<List<URI>> redirectUris = r.readOptional("GOOGLE_REDIRECT_URI", SettingParsers::uris);
    Optional<String> hostedDomain = r.readOptional("GOOGLE_HOSTED_DOMAIN", SettingParsers::nonBlank);
    if (!complete(r, "Google", GOOGLE_REQUIRED) || clientId.isEmpty() || secret.isEmpty()
        || redirectUris.isEmpty()) {
      return Optional.empty();
    }
    return built(r, "GOOGLE_*", () -> GoogleSettings.of(clientId.get(), secret.get(), redirectUris.get())
        .withHostedDomain(hostedDomain.orElse(null)));
  }

  private static Optional<MicrosoftSettings> microsoft(EnvironmentReader r) {
    Optional<String> clientId = r.readOptional("MICROSOFT_CLIENT_ID", SettingParsers::nonBlank);
    Optional<String> secret = r.readSecret("MICROSOFT_CLIENT_SECRET");
    Optional<List<URI>> redirectUris = r.readOptional("MICROSOFT_REDIRECT_URI", SettingParsers::uris);
    Optional<String> tenant = r.readOptional("MICROSOFT_TENANT", SettingParsers::nonBlank);
    List<String> allowedTenants = r.read("MICROSOFT_ALLOWED_TENANTS", "", SettingParsers::list);
    URI authorityHost = r.read("MICROSOFT_AUTHORITY_HOST", MicrosoftSettings.DEFAULT_AUTHORITY_HOST.toString(),
        SettingParsers::uri);
    if (!complete(r, "Microsoft", MICROSOFT_REQUIRED) || clientId.isEmpty() || secret.isEmpty()
        || redirectUris.isEmpty() || tenant.isEmpty()) {
      return Optional.empty();
    }
    return built(r, "MICROSOFT_*", () -> MicrosoftSettings.of(clientId.get(), secret.get(), redirectUris.get(),
        tenant.get()).withAllowedTenants(allowedTenants).withAuthorityHost(authorityHost));
  }

  /**
   * The providers {@code OIDC_PROVIDERS} lists, in its order, each from its five settings; {@code OIDC_} settings of
   * names it does not list are refused, as typos or leftovers.
   */
  private static List<GenericOidcSettings> generic(EnvironmentReader r) {
    List<String> names = r.read(SettingCatalog.OIDC_PROVIDERS, "", SettingParsers::list);
    Set<String> listed = new LinkedHashSet<>();
    for (String name : names) {
      if (!NAME.matcher(name).matches()) {
        r.problem(SettingCatalog.OIDC_PROVIDERS + ": " + EnvironmentReader.printable(name)
            + " is not a provider name (1 to 32 of a-z, 0-9 and inner hyphens)");
      } else if (RESERVED.contains(name)) {
        r.problem(SettingCatalog.OIDC_PROVIDERS + ": " + name + " is a built-in provider; configure it with "
            + name.toUpperCase(Locale.ROOT) + "_* instead");
      } else if (!listed.add(name)) {
        r.problem(SettingCatalog.OIDC_PROVIDERS + ": " + name + " is listed twice");
      }
    }
    Set<String> known = new TreeSet<>();
    List<GenericOidcSettings> providers = new ArrayList<>();
    for (String name : listed) {
      Map<String, String> variables = new LinkedHashMap<>();
      SettingCatalog.OIDC_FIELDS.forEach(field -> variables.put(field, SettingCatalog.oidcVariable(name, field)));
      known.addAll(variables.values());
      Optional<URI> issuer = r.readOptional(variables.get("ISSUER"), SettingParsers::uri);
      Optional<String> clientId = r.readOptional(variables.get("CLIENT_ID"), SettingParsers::nonBlank);
      Optional<String> secret = r.readSecret(variables.get("CLIENT_SECRET"));
      Optional<List<URI>> redirectUris = r.readOptional(variables.get("REDIRECT_URI"), SettingParsers::uris);
      Optional<String> displayName = r.readOptional(variables.get("DISPLAY_NAME"), SettingParsers::nonBlank);
      List<String> missing = variables.values().stream().filter(variable -> !r.given(variable)).toList();
      if (!missing.isEmpty()) {
        r.problem(SettingCatalog.OIDC_PROVIDERS + " lists " + name + ", whose settings are incomplete: set "
            + String.join(", ", missing));
        continue;
      }
      if (issuer.isPresent() && clientId.isPresent() && secret.isPresent() && redirectUris.isPresent()
          && displayName.isPresent()) {
        built(r, SettingCatalog.oidcVariable(name, "*"), () -> GenericOidcSettings.of(name, displayName.get(),
            issuer.get(), clientId.get(), secret.get(), redirectUris.get())).ifPresent(providers::add);
      }
    }
    for (String variable : new TreeSet<>(r.env().keySet())) {
      if (variable.startsWith(SettingCatalog.OIDC_PREFIX) && !variable.equals(SettingCatalog.OIDC_PROVIDERS)
          && !known.contains(variable)) {
        r.problem(variable + ": not a setting of a provider OIDC_PROVIDERS lists (listed: "
            + (listed.isEmpty() ? "none" : String.join(", ", listed)) + "; each takes "
            + String.join(", ", SettingCatalog.OIDC_FIELDS.stream().map(f -> "OIDC_<NAME>_" + f).toList()) + ")");
      }
    }
    return providers;
  }

  /** Whether all of {@code required} are given; a problem naming the missing ones when some but not all are. */
  private static boolean complete(EnvironmentReader r, String provider, List<String> required) {
    List<String> missing = required.stream().filter(name -> !r.given(name)).toList();
    if (!missing.isEmpty() && missing.size() < required.size()) {
      r.problem(String.join(", ", required) + ": " + provider + " sign-in needs all of them (missing: "
          + String.join(", ", missing) + ")");
    }
    return missing.isEmpty();
  }

  /** The settings record, or a problem under {@code prefix} with the record's reason (never a secret). */
  private static <T> Optional<T> built(EnvironmentReader r, String prefix, Supplier<T> settings) {
    try {
      return Optional.of(settings.get());
    } catch (IllegalArgumentException e) {
      r.problem(prefix + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
