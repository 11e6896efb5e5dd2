package dev.keyhold.adapter.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sign-in with Microsoft Entra ID (work and school accounts) and personal Microsoft accounts, through the v2.0
 * endpoints. {@link #toString()} hides the client secret.
 *
 * @param clientId the application (client) id of the app registration
 * @param clientSecret a client secret of the app registration (its value, not its id)
 * @param redirectUris the web redirect URIs registered for the app, the first being the default; https (plain http
 *     only on localhost), no fragment
 * @param tenant who may sign in: {@code common} (any Entra tenant and personal accounts), {@code organizations} (any
 *     Entra tenant), {@code consumers} (personal accounts only) or one tenant's id (a GUID, for a single-tenant app)
 * @param allowedTenants with {@code common} or {@code organizations}, the tenant ids (GUIDs) whose users may sign in;
 *     empty for any tenant. Must be empty for {@code consumers} or a single tenant.
 * @param authorityHost where the Microsoft identity platform answers, {@link #DEFAULT_AUTHORITY_HOST}; another host for a
 *     national cloud (such as {@code https://login.microsoftonline.us}) or, in tests, a stand-in provider. Scheme,
 *     host and port only.
 * @param connectTimeout how long opening a connection to Microsoft may take; from 1 ms to about 24 days
 * @param readTimeout how long each read from Microsoft may take; same bounds
 */
public record MicrosoftSettings(
    String clientId, String clientSecret, List<URI> redirectUris, String tenant, List<String> allowedTenants,
    URI authorityHost, Duration connectTimeout, Duration readTimeout) {

  /** The Microsoft identity platform's global authority. */
  public static final URI DEFAULT_AUTHORITY_HOST = URI.create("https://login.microsoftonline.com");

  /** The tenant every personal Microsoft account signs in through. */
  static final String CONSUMERS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

  private static final Set<String> MULTI_TENANT = Set.of("common", "organizations", "consumers");
  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public MicrosoftSettings {
    SettingsChecks.requireText(clientId, "Microsoft client id");
    SettingsChecks.requireText(clientSecret, "Microsoft client secret");
    redirectUris = SettingsChecks.requireRedirectUris(redirectUris);
    SettingsChecks.requireText(tenant, "Microsoft tenant");
    tenant = tenant.toLowerCase(Locale.ROOT);
    if (!MULTI_TENANT.contains(tenant) && !isGuid(tenant)) {
      throw new IllegalArgumentException("The Microsoft tenant must be common, organizations, consumers or a tenant id"
          + " (a GUID), not '" + tenant + "'.");
    }
    if (allowedTenants == null) {
      throw new IllegalArgumentException("The allowed Microsoft tenants are missing; give an empty list for any.");
    }
    allowedTenants = allowedTenants.stream().map(t -> t == null ? "" : t.toLowerCase(Locale.ROOT))
        .distinct().collect(Collectors.toUnmodifiableList());
    for (String allowed : allowedTenants) {
      if (!isGuid(allowed)) {
        throw new IllegalArgumentException("An allowed Microsoft tenant must be a tenant id (a GUID), not '" + allowed
            + "'.");
      }
    }
    if (!allowedTenants.isEmpty() && !(tenant.equals("common") || tenant.equals("organizations"))) {
      throw new IllegalArgumentException("Allowed Microsoft tenants apply only to the tenants common and organizations,"
          + " not to " + tenant + ".");
    }
    SettingsChecks.requireProviderUrl(authorityHost, "Microsoft authority host");
    String path = authorityHost.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException("The Microsoft authority host must have no path: " + authorityHost + ".");
    }
    authorityHost = URI.create(authorityHost.getScheme() + "://" + authorityHost.getRawAuthority());
    SettingsChecks.requireTimeout(connectTimeout, "connect");
    SettingsChecks.requireTimeout(readTimeout, "read");
  }

  /** Settings for any tenant the {@code tenant} admits, the global authority, a 3-second connect and 5-second read timeout. */
  public static MicrosoftSettings of(String clientId, String clientSecret, List<URI> redirectUris, String tenant) {
    return new MicrosoftSettings(clientId, clientSecret, redirectUris, tenant, List.of(), DEFAULT_AUTHORITY_HOST,
        SettingsChecks.DEFAULT_CONNECT_TIMEOUT, SettingsChecks.DEFAULT_READ_TIMEOUT);
  }

  /** A copy that admits only users of these tenants (with {@code common} or {@code organizations}). */
  public MicrosoftSettings withAllowedTenants(List<String> tenantIds) {
    return new MicrosoftSettings(clientId, clientSecret, redirectUris, tenant, tenantIds, authorityHost,
        connectTimeout, readTimeout);
  }

  /** A copy that talks to this authority: a national cloud, or a stand-in provider in tests. */
  public MicrosoftSettings withAuthorityHost(URI host) {
    return new MicrosoftSettings(clientId, clientSecret, redirectUris, tenant, allowedTenants, host, connectTimeout,
        readTimeout);
  }

  /** A copy with these timeouts. */
  public MicrosoftSettings withTimeouts(Duration connect, Duration read) {
    return new MicrosoftSettings(clientId, clientSecret, redirectUris, tenant, allowedTenants, authorityHost, connect,
        read);
  }

  /** Whether {@code tenant} names one tenant rather than a group of them. */
  boolean singleTenant() {
    return isGuid(tenant);
  }

  static boolean isGuid(String value) {
    return value != null && GUID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return "MicrosoftSettings[clientId=" + clientId + ", clientSecret=****, redirectUris=" + redirectUris + ", tenant="
        + tenant + ", allowedTenants=" + allowedTenants + ", authorityHost=" + authorityHost + ", connectTimeout="
        + connectTimeout + ", readTimeout=" + readTimeout + "]";
  }
}
