package dev.keyhold.adapter.oauth;

import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.keyhold.identity.spi.IdentityProvider;
import java.time.Clock;
import java.util.Objects;

/**
 * The identity providers of this adapter: Google, Microsoft Entra ID, and any OpenID Connect provider found by
 * discovery. Each is a relying party for the authorization-code flow with PKCE that validates ID tokens with the
 * Nimbus OAuth 2.0 SDK. Creating one does not connect: the discovery document is fetched on first use (an unreachable
 * provider then shows as {@link dev.keyhold.identity.error.ProviderUnavailableException}), so start-up never waits for
 * a provider. Nothing here logs: no token, code, verifier or secret leaves through this adapter.
 */
public final class OidcProviders {

  private OidcProviders() {}

  /** Google, named {@code google} ("Google"). */
  public static IdentityProvider google(GoogleSettings settings) {
    return google(settings, Clock.systemUTC());
  }

  /** Microsoft Entra ID and personal Microsoft accounts, named {@code microsoft} ("Microsoft"). */
  public static IdentityProvider microsoft(MicrosoftSettings settings) {
    return microsoft(settings, Clock.systemUTC());
  }

  /** Any OpenID Connect provider, under the name and display name of its settings. */
  public static IdentityProvider generic(GenericOidcSettings settings) {
    return generic(settings, Clock.systemUTC());
  }

  static IdentityProvider google(GoogleSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Client client = new Client("google", "Google", settings.clientId(), settings.clientSecret(),
        settings.redirectUris(), settings.connectTimeout(), settings.readTimeout());
    return create(client, new GoogleRules(settings), clock);
  }

  static IdentityProvider microsoft(MicrosoftSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Client client = new Client("microsoft", "Microsoft", settings.clientId(), settings.clientSecret(),
        settings.redirectUris(), settings.connectTimeout(), settings.readTimeout());
    return create(client, new EntraRules(settings), clock);
  }

  static IdentityProvider generic(GenericOidcSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Client client = new Client(settings.name(), settings.displayName(), settings.clientId(), settings.clientSecret(),
        settings.redirectUris(), settings.connectTimeout(), settings.readTimeout());
    return create(client, new GenericRules(new Issuer(settings.issuer().toString())), clock);
  }

  private static IdentityProvider create(Client client, ProviderRules rules, Clock clock) {
    return new OidcRelyingParty(client, rules, new Discovery(client, rules, Objects.requireNonNull(clock, "clock")));
  }
}
