package dev.keyhold.adapter.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Any OpenID Connect provider, found by discovery at {@code issuer + "/.well-known/openid-configuration"}.
 * {@link #toString()} hides the client secret.
 *
 * @param name the provider's name in routes and settings: 1 to 32 lower-case letters, digits and inner hyphens
 * @param displayName the name on the sign-in button
 * @param issuer the issuer identifier, exactly as the provider's discovery document and ID tokens spell it; https
 *     (plain http only on localhost)
 * @param clientId the client id registered at the provider
 * @param clientSecret the client secret registered at the provider
 * @param redirectUris the redirect URIs registered at the provider, the first being the default; https (plain http
 *     only on localhost), no fragment
 * @param connectTimeout how long opening a connection to the provider may take; from 1 ms to about 24 days
 * @param readTimeout how long each read from the provider may take; same bounds
 */
public record GenericOidcSettings(
    String name, String displayName, URI issuer, String clientId, String clientSecret, List<URI> redirectUris,
    Duration connectTimeout, Duration readTimeout) {

  public GenericOidcSettings {
    SettingsChecks.requireName(name);
    SettingsChecks.requireText(displayName, "display name of provider " + name);
    SettingsChecks.requireProviderUrl(issuer, "issuer of provider " + name);
    SettingsChecks.requireText(clientId, "client id of provider " + name);
    SettingsChecks.requireText(clientSecret, "client secret of provider " + name);
    redirectUris = SettingsChecks.requireRedirectUris(redirectUris);
    SettingsChecks.requireTimeout(connectTimeout, "connect");
    SettingsChecks.requireTimeout(readTimeout, "read");
  }

  /** Settings with a 3-second connect and a 5-second read timeout. */
  public static GenericOidcSettings of(
      String name, String displayName, URI issuer, String clientId, String clientSecret, List<URI> redirectUris) {
    return new GenericOidcSettings(name, displayName, issuer, clientId, clientSecret, redirectUris,
        SettingsChecks.DEFAULT_CONNECT_TIMEOUT, SettingsChecks.DEFAULT_READ_TIMEOUT);
  }

  /** A copy with these timeouts. */
  public GenericOidcSettings withTimeouts(Duration connect, Duration read) {
    return new GenericOidcSettings(name, displayName, issuer, clientId, clientSecret, redirectUris, connect, read);
  }

  @Override
  public String toString() {
    return "GenericOidcSettings[name=" + name + ", displayName=" + displayName + ", issuer=" + issuer + ", clientId="
        + clientId + ", clientSecret=****, redirectUris=" + redirectUris + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + "]";
  }
}
