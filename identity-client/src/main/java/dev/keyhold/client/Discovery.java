package dev.keyhold.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The JWK Set's address from the issuer's discovery document: OpenID Connect Discovery's
 * {@code {issuer}/.well-known/openid-configuration}, else RFC 8414's {@code /.well-known/oauth-authorization-server}
 * (inserted before the issuer's path). The document's {@code issuer} must equal the configured one exactly (RFC 8414
 * section 3.3), so a document cannot send the verifier to another issuer's keys. Read once, on first use; a failure
 * is retried on a later use (the key source spaces its tries).
 */
final class Discovery implements KeySource.Location {

  private final String issuer;
  private final HttpClient http;
  private final Duration timeout;
  private volatile URI jwksUri;

  Discovery(String issuer, HttpClient http, Duration timeout) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public URI jwksUri() {
    URI known = jwksUri;
    if (known == null) {
      known = discover();
      jwksUri = known;
    }
    return known;
  }

  /** Where the documents are, in the order tried. */
  List<URI> documents() {
    URI base = URI.create(issuer);
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String origin = base.getScheme() + "://" + base.getRawAuthority();
    return List.of(URI.create(origin + trimmed + "/.well-known/openid-configuration"),
        URI.create(origin + "/.well-known/oauth-authorization-server" + trimmed));
  }

  private URI discover() {
    KeySourceUnavailableException failure = null;
    for (URI document : documents()) {
      try {
        return read(document);
      } catch (KeySourceUnavailableException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private URI read(URI document) {
    HttpResponse<byte[]> response = KeySource.get(http, document, timeout);
    JsonNode metadata;
    try {
      metadata = Transport.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new KeySourceUnavailableException(document + " is not JSON", e);
    }
    if (metadata == null || !issuer.equals(metadata.path("issuer").asText(null))) {
      throw new KeySourceUnavailableException(document + " names another issuer than " + issuer, null);
    }
    String jwks = metadata.path("jwks_uri").asText(null);
    URI uri;
    try {
      uri = jwks == null ? null : URI.create(jwks);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
      throw new KeySourceUnavailableException(document + " has no usable jwks_uri", null);
    }
    return uri;
  }
}
