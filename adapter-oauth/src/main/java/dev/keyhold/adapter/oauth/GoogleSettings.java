package dev.keyhold.adapter.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sign-in with Google. {@link #toString()} hides the client secret.
 *
 * @param clientId the OAuth client id from the Google Cloud console ({@code ...apps.googleusercontent.com})
 * @param clientSecret its client secret
 * @param redirectUris the authorized redirect URIs registered for the client, the first being the default; https
 *     (plain http only on localhost), no fragment
 * @param hostedDomain when set, only accounts of this Google Workspace domain may sign in: the ID token's {@code hd}
 *     claim must equal it (the {@code hd} request parameter is only a hint to Google's account chooser); {@code null}
 *     for any Google account
 * @param issuer Google's issuer, {@link #GOOGLE_ISSUER}; another value only points the adapter at a stand-in provider
 *     in tests. Google's other spelling (the issuer without {@code https://}) is accepted as the same issuer.
 * @param connectTimeout how long opening a connection to Google may take; from 1 ms to about 24 days
 * @param readTimeout how long each read from Google may take; same bounds
 */
public record GoogleSettings(
    String clientId, String clientSecret, List<URI> redirectUris, String hostedDomain, URI issuer,
    Duration connectTimeout, Duration readTimeout) {

  /** The issuer Google's discovery document and ID tokens name. */
  public static final URI GOOGLE_ISSUER = URI.create("https://accounts.google.com");

  private static final Pattern DOMAIN =
      Pattern.compile("(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

  public GoogleSettings {
    SettingsChecks.requireText(clientId, "Google client id");
    SettingsChecks.requireText(clientSecret, "Google client secret");
    redirectUris = SettingsChecks.requireRedirectUris(redirectUris);
    if (hostedDomain != null) {
      hostedDomain = hostedDomain.toLowerCase(Locale.ROOT);
      if (!DOMAIN.matcher(hostedDomain).matches()) {
        throw new IllegalArgumentException("The Google hosted domain must be a domain name such as example.com, not '"
            + hostedDomain + "'.");
      }
    }
    SettingsChecks.requireProviderUrl(issuer, "Google issuer");
    SettingsChecks.requireTimeout(connectTimeout, "connect");
    SettingsChecks.requireTimeout(readTimeout, "read");
  }

  /** Settings for any Google account, Google's issuer, a 3-second connect and a 5-second read timeout. */
  public static GoogleSettings of(String clientId, String clientSecret, List<URI> redirectUris) {
    return new GoogleSettings(clientId, clientSecret, redirectUris, null, GOOGLE_ISSUER,
        SettingsChecks.DEFAULT_CONNECT_TIMEOUT, SettingsChecks.DEFAULT_READ_TIMEOUT);
  }

  /** A copy that admits only accounts of this Google Workspace domain; {@code null} admits any account. */
  public GoogleSettings withHostedDomain(String domain) {
    return new GoogleSettings(clientId, clientSecret, redirectUris, domain, issuer, connectTimeout, readTimeout);
  }

  /** A copy that talks to a stand-in provider at this issuer. For tests only: production keeps Google's. */
  public GoogleSettings withIssuer(URI standIn) {
    return new GoogleSettings(clientId, clientSecret, redirectUris, hostedDomain, standIn, connectTimeout, readTimeout);
  }

  /** A copy with these timeouts. */
  public GoogleSettings withTimeouts(Duration connect, Duration read) {
    return new GoogleSettings(clientId, clientSecret, redirectUris, hostedDomain, issuer, connect, read);
  }

  @Override
  public String toString() {
    return "GoogleSettings[clientId=" + clientId + ", clientSecret=****, redirectUris=" + redirectUris
        + ", hostedDomain=" + hostedDomain + ", issuer=" + issuer + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + "]";
  }
}
