package dev.keyhold.adapter.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.keyhold.identity.model.external.VerifiedExternalIdentity;
import dev.keyhold.identity.spi.IdentityProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plays the browser and the core's part of a sign-in: makes {@code state}, {@code nonce} and a PKCE verifier as the
 * core does, follows the authorization URL to the provider, and reads the code from the provider's redirect (without
 * following it: the redirect URI is Keyhold's).
 */
final class Browser {

  /** What the callback brings back, with what the core kept server-side. */
  record Callback(String code, URI redirectUri, String verifier, String nonce) {}

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Browser() {}

  /** Starts a sign-in and answers the provider's redirect back, after checking it carries our {@code state}. */
  static Callback signIn(IdentityProvider provider, URI redirectUri) {
    String state = new State().getValue();
    String nonce = new Nonce().getValue();
    CodeVerifier verifier = new CodeVerifier();
    URI authorization = provider.authorizationUrl(redirectUri, state, nonce,
        CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    HttpResponse<Void> response = get(authorization);
    assertThat(response.statusCode()).as("the provider redirects back").isEqualTo(302);
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(redirectUri + "?");
    Map<String, String> parameters = query(location);
    assertThat(parameters).containsEntry("state", state).containsKey("code");
    return new Callback(parameters.get("code"), redirectUri, verifier.getValue(), nonce);
  }

  /** Signs in and exchanges the code as the core would. */
  static VerifiedExternalIdentity signInAndExchange(IdentityProvider provider, URI redirectUri) {
    Callback callback = signIn(provider, redirectUri);
    return provider.exchange(callback.code(), callback.redirectUri(), callback.verifier(), callback.nonce());
  }

  static HttpResponse<Void> get(URI uri) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
