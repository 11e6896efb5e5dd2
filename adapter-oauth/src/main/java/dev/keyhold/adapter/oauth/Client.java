package dev.keyhold.adapter.oauth;

import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Keyhold's registration at one provider, whatever its kind. {@link #toString()} hides the secret.
 *
 * @param name the provider's name in routes, settings and every message of this adapter
 */
record Client(
    String name, String displayName, ClientID clientId, Secret secret, List<URI> redirectUris, int connectTimeoutMillis,
    int readTimeoutMillis) {

  Client(String name, String displayName, String clientId, String secret, List<URI> redirectUris, Duration connect,
      Duration read) {
    this(name, displayName, new ClientID(clientId), new Secret(secret), List.copyOf(redirectUris),
        (int) connect.toMillis(), (int) read.toMillis());
  }

  /** Whether {@code uri} is a registered one, character for character. */
  boolean registered(URI uri) {
    if (uri == null) {
      return false;
    }
    String text = uri.toString();
    return redirectUris.stream().anyMatch(registered -> registered.toString().equals(text));
  }

  @Override
  public String toString() {
    return "Client[name=" + name + ", clientId=" + clientId + ", secret=****]";
  }
}
