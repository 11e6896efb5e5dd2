package dev.keyhold.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * The Microsoft identity platform's discovery as Entra serves it for {@code common}: the issuer template
 * {@code {authority}/{tenantid}/v2.0}, which mock-oauth2-server cannot serve. This small JDK server serves the document
 * and points at the mock server's authorization and token endpoints and keys, so the flow and the signatures stay
 * real. (adapter-oauth's tests have their own copy: test trees do not share classes.)
 */
final class EntraAuthority implements AutoCloseable {

  private static final Pattern DISCOVERY = Pattern.compile("/([^/]+)/v2\\.0/\\.well-known/openid-configuration");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String authority;

  EntraAuthority(MockOAuth2Server tokens, String issuerId) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    authority = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", exchange -> {
      Matcher path = DISCOVERY.matcher(exchange.getRequestURI().getPath());
      if (!path.matches()) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      String tenant = path.group(1);
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("issuer", issuer(tenant.equals("common") || tenant.equals("organizations") ? "{tenantid}" : tenant));
      document.put("authorization_endpoint", tokens.authorizationEndpointUrl(issuerId).toString());
      document.put("token_endpoint", tokens.tokenEndpointUrl(issuerId).toString());
      document.put("jwks_uri", tokens.jwksUrl(issuerId).toString());
      document.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
      document.put("response_types_supported", List.of("code", "id_token", "code id_token"));
      document.put("subject_types_supported", List.of("pairwise"));
      document.put("id_token_signing_alg_values_supported", List.of("RS256"));
      document.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
      byte[] body = JSON.writeValueAsBytes(document);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** The authority host to configure ({@code MICROSOFT_AUTHORITY_HOST}). */
  String host() {
    return authority;
  }

  /** A tenant's issuer, as its tokens name it. */
  String issuer(String tenantId) {
    return authority + "/" + tenantId + "/v2.0";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
