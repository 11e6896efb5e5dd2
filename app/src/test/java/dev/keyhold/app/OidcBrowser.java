package dev.keyhold.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application's and the browser's part of a sign-in through an OpenID provider: ask Keyhold for the authorization
 * URL, follow it to the provider, read the code from the provider's redirect (the redirect URI is the application's,
 * never called), and post code and state back to Keyhold.
 */
final class OidcBrowser {

  /** What the provider's redirect carried back. */
  record Redirect(String code, String state) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient BROWSER = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  private OidcBrowser() {}

  /** Starts a sign-in at {@code node} and follows it to the provider, whose authorization URL starts so. */
  static Redirect authorize(ApiClient node, String providerName, String authorizationUrlPrefix) {
    ApiClient.Response authorization = node.get("/api/v1/oauth/" + providerName + "/authorize", null);
    assertThat(authorization.status()).as(authorization.toString()).isEqualTo(200);
    String state = authorization.text("state");
    URI url = URI.create(authorization.text("authorization_url"));
    assertThat(url.toString()).startsWith(authorizationUrlPrefix);
    HttpResponse<Void> atProvider = get(url);
    assertThat(atProvider.statusCode()).as("the provider redirects back").isEqualTo(302);
    URI back = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
    Map<String, String> query = query(back);
    assertThat(query).containsEntry("state", state).containsKey("code");
    return new Redirect(query.get("code"), state);
  }

  static ApiClient.Response callback(ApiClient node, String providerName, Redirect redirect) {
    return node.post("/api/v1/oauth/" + providerName + "/callback",
        Map.of("code", redirect.code(), "state", redirect.state()));
  }

  /** The claims of a JWT, unverified. */
  static JsonNode payload(String jwt) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<Void> get(URI uri) {
    try {
      return BROWSER.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int equals = pair.indexOf('=');
      parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
